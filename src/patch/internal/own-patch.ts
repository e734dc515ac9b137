import type { Patch, Wrapper } from '../types.js';
import type { AnyWrapper } from './patch-function.js';
import { patchLayer } from './patch-layer.js';
import { checkArguments } from './refusals.js';
import { bookkeeping, registry } from './registry.js';

/**
 * A `patch()` that is hookline's own machinery (the audit's watch on a function, a logpoint's on
 * the CommonJS compiler), not the program's: `restoreAll()` — a test suite's `afterEach` — leaves
 * it, where it would have turned an audit policy off without a word. Its own undo takes it out.
 *
 * `promisified` wraps the original's own promise form (`util.promisify.custom`), where it has
 * one, so that `util.promisify(target[key])` goes through the patch too (see
 * createPatchFunction).
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
  promisified?: Wrapper<T[K], T>,
): Patch {
  const call = { name: 'patch', target, key: checkArguments('patch', target, key) } as const;
  const handle = patchLayer(
    call,
    wrapper as AnyWrapper,
    'value',
    promisified as AnyWrapper | undefined,
  );
  bookkeeping(() => registry.active.delete(handle));
  return handle;
}
