export type { Unhook } from '../internal/unhook.js';
export { logpoint } from './logpoint.js';
export { onException } from './on-exception.js';
export { span, withSpan } from './span.js';
export { onSpan } from './span-listeners.js';
export { traceCalls } from './trace-calls.js';
export type {
  ExceptionEvent,
  LogpointOptions,
  OnExceptionOptions,
  Span,
  SpanAttributes,
  SpanEvent,
  ThrowLocation,
  TraceCallsOptions,
  TracedCall,
  TraceInclude,
} from './types.js';
