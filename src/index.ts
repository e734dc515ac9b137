/**
 * hookline: hook into, patch and inject code into JavaScript and TypeScript programs on
 * Node.js. Each part has its own entry point (`hookline/patch`, `hookline/modules`, …); this
 * root re-exports the parts that do nothing until called. `hookline/debug` is left out: importing
 * it starts the debugger's worker in the background (so the first `hook()` opens quickly), which
 * only a program that means to hook should pay for.
 */
export * from './audit/index.js';
export * from './decorators/index.js';
export * from './modules/index.js';
export * from './patch/index.js';
export * from './process/index.js';
export * from './proxy/index.js';
export * from './trace/index.js';
export * from './transform/index.js';
