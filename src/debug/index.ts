export { callerLocals } from './caller-locals.js';
export { hook } from './hook.js';
export { hookOnError } from './hook-on-error.js';
export { interpolate } from './interpolate.js';
export type { HookLogger, HookOptions } from './options.js';
