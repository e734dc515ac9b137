/**
 * Keeps `value` on `globalThis` under `key`, for the other copies of hookline's code in this
 * realm (its bundled core, its loader, a second install), and returns it. Where the program froze
 * globalThis before hookline loaded, this copy keeps it alone: hookline still loads, and what
 * cannot work without the global (installing the module hooks) says why when asked for. `global`
 * is another realm's global, for what is shared with that realm (see cached-script.ts).
 *
 * @example
 * ```ts
 * const state = globalRecord[key] ?? shareGlobally(key, { depth: 0 });
 * ```
 */
export function shareGlobally<T>(
  key: symbol,
  value: T,
  configurable = false,
  global: object = globalThis,
): T {
  if (Object.isExtensible(global)) Object.defineProperty(global, key, { value, configurable });
  return value;
}
