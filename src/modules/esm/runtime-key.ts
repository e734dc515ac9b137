/**
 * The `Symbol.for` key under which the main thread's module runtime lives on `globalThis`:
 * generated module code (instrumented ES modules, mocks, scheme modules) reaches hookline through
 * it, also when that code was produced on Node's loader thread.
 */
export const RUNTIME_KEY = 'hookline.modules.runtime';
