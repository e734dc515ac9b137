import { syncBuiltinESMExports } from 'node:module';

/**
 * Makes a change to a builtin module's exports (`fs.readFileSync`) visible through ES module
 * imports of it (`import { readFileSync } from 'node:fs'`), which read a separate copy.
 *
 * Node cannot tell which object is a builtin's exports without loading every builtin, so this
 * syncs for every object that could be one: a plain object or a function (`events`, `assert`).
 * A sync costs tens of microseconds; it happens at patch and restore time, never per call.
 */
export function syncBuiltinExports(target: object): void {
  if (typeof target !== 'function') {
    const proto: unknown = Object.getPrototypeOf(target);
    if (proto !== Object.prototype && proto !== null) return;
  }
  syncBuiltinESMExports();
}
