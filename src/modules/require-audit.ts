/**
 * The `require` calls under way while imports are audited, innermost last. Each call is reported
 * once: by the resolve hook that sees it (the wrapped `Module._resolveFilename` on Node 20, the
 * in-thread resolve hook on Node 22.15+/24), else — when require's own caches answered before
 * anything resolved — by the wrapped `Module._load` once it returns.
 */
export interface RequireCall {
  readonly request: string;
  readonly parent: unknown;
  /** The URL a resolve hook reported the call with; `undefined` until one did. */
  resolved: string | undefined;
}

const calls: RequireCall[] = [];

/** Starts a `require(request)` from `parent`; {@link leaveRequire} ends it. */
export function enterRequire(request: string, parent: unknown): RequireCall {
  const call: RequireCall = { request, parent, resolved: undefined };
  calls.push(call);
  return call;
}

/** Ends the innermost `require` call. */
export function leaveRequire(): void {
  calls.pop();
}

/**
 * A resolve hook is about to report `request` resolving to `url`: whether it is the innermost
 * require under way, not reported yet (then it is taken as reported). Resolutions for anything
 * else (`require.resolve`, a nested require) leave the call to be reported by its own hook.
 */
export function claimRequire(request: string, url: string, parent?: unknown): boolean {
  const call = calls[calls.length - 1];
  if (call === undefined || call.resolved !== undefined || call.request !== request) return false;
  if (parent !== undefined && call.parent !== parent) return false;
  call.resolved = url;
  return true;
}
