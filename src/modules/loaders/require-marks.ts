import { isBuiltin } from 'node:module';
import { isAbsolute } from 'node:path';
import { fileUrlOf } from '../../internal/file-url.js';
import { resolved } from '../dispatch.js';
import { asRequested } from '../own-resolution.js';
import { registry } from '../registry.js';
import { type CjsModule, M } from './cjs-module.js';

/**
 * The file each marked require resolved to, keyed as Node's own per-folder cache is (the parent's
 * folder, then the request). While that file stays in require's cache, Node answers the same
 * require from it without resolving or loading anything: the hooks were told of it the first
 * time and there is nothing new to see. Without this, a pattern hook (which may match any
 * request) made every cached require resolve in full: 1.85 µs a cached require instead of 0.28
 * on Node 20, 1.43 instead of 0.29 on Node 24 (the requires benchmark's loop, README).
 */
const markedFiles = new Map<string, Map<string, string>>();

/** A require some hook may select, waiting for Node to resolve it (see {@link markIfHooked}). */
interface PendingMark {
  readonly specifier: string;
  readonly request: string;
  readonly parent: CjsModule | null | undefined;
}

/** The innermost require under way that a hook may select and Node has not resolved yet. */
export let pendingMark: PendingMark | undefined;

/**
 * Before a require: if a hook may select what it asks for, and it is not one require's cache
 * answers, the file it resolves to is remembered as Node resolves it ({@link markResolved}), for
 * when the module has run. Resolving it here as well cost a second resolution per module loaded.
 * Returns what to restore once the require is done (the require around this one's mark).
 */
export function markIfHooked(
  request: string,
  parent: CjsModule | null | undefined,
): PendingMark | undefined | false {
  const specifier = asRequested(request);
  if (!registry.mayMatch(specifier) || isBuiltin(request)) return false;
  const before = parent ? markedFiles.get(parent.path)?.get(request) : undefined;
  // Deleted from require's cache (a test runner's fresh copy), the file loads anew: marked again.
  if (before !== undefined && M._cache[before] !== undefined) return false;
  const outer = pendingMark;
  pendingMark = { specifier, request, parent };
  return outer;
}

/**
 * Node resolved a require: if it is the one waiting for its mark, the hooks that may select it
 * know its file now, before it loads.
 */
export function markResolved(
  request: string,
  parent: CjsModule | null | undefined,
  filename: string,
): void {
  const mark = pendingMark;
  if (mark === undefined || mark.request !== request || mark.parent !== parent) return;
  pendingMark = undefined;
  resolved(mark.specifier, parent?.filename, fileUrlOf(filename), undefined, true);
  if (!parent) return;
  const folder = markedFiles.get(parent.path);
  if (folder) folder.set(request, filename);
  else markedFiles.set(parent.path, new Map([[request, filename]]));
}

/**
 * A module about to run whose require was not resolved by Node's resolution (the program's own
 * module hooks, `module.registerHooks`, served it under a URL of theirs, `virtual:x`, which Node
 * gives it as its file name): marked now, before its hooks are looked for.
 */
export function markUnresolved(filename: string): void {
  const mark = pendingMark;
  if (mark === undefined) return;
  pendingMark = undefined;
  const url = isAbsolute(filename) ? fileUrlOf(filename) : filename;
  resolved(mark.specifier, mark.parent?.filename, url, undefined, true);
}

/** A require is done: the mark of the require around it, if any, is the one waiting again. */
export function restoreMark(outer: PendingMark | undefined): void {
  pendingMark = outer;
}
