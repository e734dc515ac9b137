/**
 * The `require` calls under way while imports are audited, innermost last. Each call is reported
 * once: by the resolve hook that sees it (the wrapped `Module._resolveFilename` on Node 20, the
 * in-thread resolve hook on Node 22.15+/24), else — when require's own caches answered before
 * anything resolved — by the wrapped `Module._load` once it returns.
 *
 * Kept as three parallel stacks rather than an object per call: a large program makes thousands
 * of requires while it starts, and each would be an allocation for the collector.
 */
const requests: string[] = [];
const parents: unknown[] = [];
/** The URL a resolve hook reported each call with; `undefined` until one did. */
const resolvedUrls: (string | undefined)[] = [];

/** Starts a `require(request)` from `parent`; {@link leaveRequire} ends it. */
export function enterRequire(request: string, parent: unknown): void {
  requests.push(request);
  parents.push(parent);
  resolvedUrls.push(undefined);
}

/** Ends the innermost `require` call: the URL it was reported with, if it was. */
export function leaveRequire(): string | undefined {
  requests.pop();
  parents.pop();
  return resolvedUrls.pop();
}

/**
 * Whether a resolution of `request` (from `parent`, when the resolver knows it) is the innermost
 * require under way, not reported yet. Resolutions for anything else (`require.resolve`, a
 * nested require) leave the call to be reported by its own hook.
 */
export function isUnclaimedRequire(request: string, parent?: unknown): boolean {
  const top = requests.length - 1;
  return (
    top >= 0 &&
    resolvedUrls[top] === undefined &&
    requests[top] === request &&
    (parent === undefined || parents[top] === parent)
  );
}

/** The innermost require under way is reported, as resolving to `url`. */
export function reportedRequire(url: string): void {
  resolvedUrls[resolvedUrls.length - 1] = url;
}

/**
 * The in-thread resolve hook is about to report `request` resolving to `url`: whether it is the
 * innermost require under way, not reported yet (see {@link isUnclaimedRequire}); then it is
 * taken as reported.
 */
export function claimRequire(request: string, url: string): boolean {
  if (!isUnclaimedRequire(request)) return false;
  reportedRequire(url);
  return true;
}

/** The module that makes the innermost `require` under way, as it was given; none outside one. */
export function innermostRequireParent(): unknown {
  return parents[parents.length - 1];
}
