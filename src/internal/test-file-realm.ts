/** What jest-circus keeps of the test file it runs, on the realm's global. */
interface CircusState {
  readonly hasStarted?: boolean;
  readonly currentlyRunningTest?: unknown;
}

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
  const undoAtTestFileEnd = core['undoAtTestFileEnd'] as (realm: object, after?: unknown) => void;
  undoAtTestFileEnd(globalThis, takesHooks() ? afterAll : undefined);
  return core;
}

/**
 * Whether jest still takes an `afterAll`: while it collects the test file's tests, not once they
 * run (then jest fails the test, or the run, that adds one). Told from jest-circus's state, on
 * the realm's global under a symbol named JEST_STATE_SYMBOL; unknown (another runner), not.
 */
function takesHooks(): boolean {
  const key = Object.getOwnPropertySymbols(globalThis).find(
    (symbol) => symbol.description === 'JEST_STATE_SYMBOL',
  );
  const state = key && ((globalThis as Record<symbol, unknown>)[key] as CircusState | undefined);
  return state !== undefined && state.hasStarted === false && !state.currentlyRunningTest;
}
