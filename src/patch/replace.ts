import { LayerHandle } from './internal/handle.js';
import { installWithRefusals } from './internal/install.js';
import {
  type Call,
  checkArguments,
  checkEnvironmentVariable,
  checkProperty,
} from './internal/refusals.js';
import { bookkeeping } from './internal/registry.js';
import type { Patch } from './types.js';

/**
 * Puts `value` in place of `target[key]`, whatever it held (or adds it when missing), like
 * Python's `mock.patch`: a stand-in config loader, a fake clock, an environment variable.
 * `restore()` puts back exactly what was there, or removes the property if there was none.
 * `process.env` keeps strings only, so there `undefined` unsets the variable while replaced
 * (rather than set the string `"undefined"`, which reads as true).
 *
 * @example
 * ```ts
 * import { replace } from 'hookline/patch';
 *
 * using _ = replace(process.env, 'NODE_ENV', 'test');
 * process.env.NODE_ENV; // 'test', until the end of the block
 * using _ci = replace(process.env, 'CI', undefined); // unset until the end of the block
 * ```
 *
 * @throws {TypeError} (with a `code`) when the property cannot be redefined (non-configurable and
 * read-only, a re-export getter), the target is frozen, sealed or an ES module namespace, or a
 * symbol is given as the name or the value of an environment variable.
 */
export function replace<T extends object, K extends PropertyKey>(
  target: T,
  key: K,
  value: K extends keyof T ? T[K] : unknown,
): Patch {
  // Hookline's own work throughout: a spy on a builtin it uses must see the program's calls only.
  return bookkeeping(() => {
    const call: Call = { name: 'replace', target, key: checkArguments('replace', target, key) };
    if (target === process.env) checkEnvironmentVariable(call, value);
    const layer = installWithRefusals(call, {
      part: 'value',
      wraps: false,
      check: (own, inherited) => checkProperty(call, 'value', false, own, inherited, undefined),
      replacement: () => value,
      absent: target === process.env && value === undefined,
    });
    return new LayerHandle(layer);
  });
}
