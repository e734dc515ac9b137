import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { optionsRecord } from '../internal/options.js';
import type { AnyWrapper } from './internal/patch-function.js';
import { patchLayer } from './internal/patch-layer.js';
import { type Call, checkAccessorOption, checkArguments, where } from './internal/refusals.js';
import { bookkeeping } from './internal/registry.js';
import type { AccessorOption, GetterWrapper, Patch, SetterWrapper, Wrapper } from './types.js';

/**
 * Wraps the function at `target[key]`: every call goes through `wrapper`, which decides what to
 * do with the original. Returns a handle whose `restore()` puts the property back exactly.
 *
 * The wrapped function keeps the original's `name`, `length`, own properties and `prototype`;
 * `new` goes through to the wrapper (`self` undefined, `newTarget` set). Patches stack: each call
 * adds a layer, and restoring any of them, in any order, leaves the others working.
 *
 * @example
 * ```ts
 * import fs from 'node:fs';
 * import { patch } from 'hookline/patch';
 *
 * using _ = patch(fs, 'readFileSync', (original, self, args) => {
 *   console.log('reading', args[0]);
 *   return original.apply(self, args);
 * });
 * fs.readFileSync('package.json', 'utf8'); // logs "reading package.json"
 * ```
 *
 * @throws {TypeError} (with a `code`) when the property is missing, is not a function, cannot
 * be redefined, belongs to a frozen or sealed object or an ES module namespace; nothing is
 * changed then.
 */
export function patch<T extends object, K extends keyof T>(
  target: T,
  key: K,
  wrapper: Wrapper<T[K], T>,
  options?: AccessorOption & { readonly accessor?: undefined },
): Patch;
export function patch<T extends object, K extends keyof T>(
  target: T,
  key: K,
  wrapper: GetterWrapper<T[K], T>,
  options: { readonly accessor: 'get' },
): Patch;
export function patch<T extends object, K extends keyof T>(
  target: T,
  key: K,
  wrapper: SetterWrapper<T[K], T>,
  options: { readonly accessor: 'set' },
): Patch;
export function patch(
  target: object,
  key: PropertyKey,
  wrapper: Function,
  options?: AccessorOption,
): Patch {
  // Hookline's own work throughout, checks of the arguments included: a spy on a builtin it uses
  // (Object.keys, an array's iterator) must see the program's calls only.
  return bookkeeping(() => patchUnguarded(target, key, wrapper, options));
}

function patchUnguarded(
  target: object,
  key: PropertyKey,
  wrapper: Function,
  options: AccessorOption | undefined,
): Patch {
  const call: Call = { name: 'patch', target, key: checkArguments('patch', target, key) };
  if (typeof wrapper !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: where(call, ', wrapper'),
      expected: 'a wrapper function (original, self, args, newTarget) => result',
      received: describeValue(wrapper),
      fix: 'Pass a function; use replace() to put a value in place of the property.',
    });
  }
  optionsRecord(
    options,
    'patch(target, key, wrapper, options)',
    ['accessor'],
    "patch(obj, 'size', wrapper, { accessor: 'get' })",
  );
  const part = checkAccessorOption(call, options?.accessor);
  return patchLayer(call, wrapper as AnyWrapper, part);
}
