/**
 * Hands `core` (hookline's bundled code, as a realm that imports hookline gets it) the end of the
 * jest test file whose realm this is, when it is one: jest runs each test file in a realm of its
 * own, where `afterAll` is a global and JEST_WORKER_ID set, and loads hookline anew there. Outside
 * jest, a look at one global.
 *
 * @example
 * ```ts
 * export default scopeToTestFile(runCachedScriptOnce(url, id));
 * ```
 */
export function scopeToTestFile(core: Record<string, unknown>): Record<string, unknown> {
  const afterAll = (globalThis as { afterAll?: unknown }).afterAll;
  if (typeof afterAll !== 'function' || process.env['JEST_WORKER_ID'] === undefined) return core;
  (core['undoAtTestFileEnd'] as (afterAll: unknown) => void)(afterAll);
  return core;
}
