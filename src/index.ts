/**
 * hookline: hook into, patch and inject code into JavaScript and TypeScript programs on
 * Node.js. Each part has its own entry point (`hookline/patch`, `hookline/modules`, …);
 * this root re-exports their public API.
 */
export * from './patch/index.js';
