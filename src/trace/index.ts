export type { Unhook } from '../internal/unhook.js';
export { logpoint } from './logpoint.js';
export { onException } from './on-exception.js';
export { traceCalls } from './trace-calls.js';
export type {
  ExceptionEvent,
  LogpointOptions,
  OnExceptionOptions,
  ThrowLocation,
  TraceCallsOptions,
  TracedCall,
  TraceInclude,
} from './types.js';
