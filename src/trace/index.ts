export type { Unhook } from '../internal/unhook.js';
export { onException } from './on-exception.js';
export { traceCalls } from './trace-calls.js';
export type {
  ExceptionEvent,
  OnExceptionOptions,
  ThrowLocation,
  TraceCallsOptions,
  TracedCall,
  TraceInclude,
} from './types.js';
