/**
 * The `Symbol.for` key under which the main thread's module runtime lives on `globalThis`:
 * generated module code (instrumented ES modules, mocks, scheme modules) reaches hookline through
 * it, also when that code was produced on Node's loader thread.
 */
export const RUNTIME_KEY = 'hookline.modules.runtime';

/**
 * A module whose default export gives the runtime: generated code that cannot trust the names
 * `globalThis` and `Symbol` (a module it is added to may declare them) imports it instead. Its
 * import is hookline's own, not the program's.
 */
export const RUNTIME_MODULE = `data:text/javascript,${encodeURIComponent(
  `export default () => globalThis[Symbol.for(${JSON.stringify(RUNTIME_KEY)})];`,
)}`;
