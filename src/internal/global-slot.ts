/**
 * Keeps `value` on `globalThis` under `key`, for the other copies of hookline's code in this
 * realm (its bundled core, its loader, a second install), and returns it. Where the program froze
 * globalThis before hookline loaded, this copy keeps it alone: hookline still loads, and what
 * cannot work without the global (installing the module hooks) says why when asked for.
 *
 * @example
 * ```ts
 * const state = globalRecord[key] ?? shareGlobally(key, { depth: 0 });
 * ```
 */
export function shareGlobally<T>(key: symbol, value: T, configurable = false): T {
  if (Object.isExtensible(globalThis))
    Object.defineProperty(globalThis, key, { value, configurable });
  return value;
}
