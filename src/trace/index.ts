export type { Unhook } from '../internal/unhook.js';
export { traceCalls } from './trace-calls.js';
export type { TraceCallsOptions, TracedCall, TraceInclude } from './types.js';
