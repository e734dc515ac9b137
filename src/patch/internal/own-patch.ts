import { patch } from '../patch.js';
import type { Patch, Wrapper } from '../types.js';
import { bookkeeping, registry } from './registry.js';

/**
 * A `patch()` that is hookline's own machinery (the audit's watch on a function, a logpoint's on
 * the CommonJS compiler), not the program's: `restoreAll()` — a test suite's `afterEach` — leaves
 * it, where it would have turned an audit policy off without a word. Its own undo takes it out.
 *
 * @example
 * ```ts
 * const watch = ownPatch(fs, 'openSync', (original, self, args) => Reflect.apply(original, self, args));
 * watch.restore();
 * ```
 */
export function ownPatch<T extends object, K extends keyof T>(
  target: T,
  key: K,
  wrapper: Wrapper<T[K], T>,
): Patch {
  const handle = patch(target, key, wrapper);
  bookkeeping(() => registry.active.delete(handle));
  return handle;
}
