export type { Unhook } from '../internal/unhook.js';
export { coverage } from './coverage.js';
export { logpoint } from './logpoint.js';
export { onException } from './on-exception.js';
export { profile } from './profile.js';
export { span, withSpan } from './span.js';
export { onSpan } from './span-listeners.js';
export { traceCalls } from './trace-calls.js';
export type {
  CoverageResult,
  CpuProfile,
  CpuProfileNode,
  ExceptionEvent,
  FunctionPlace,
  LogpointOptions,
  OnExceptionOptions,
  ProfileOptions,
  ProfileResult,
  ScriptCoverage,
  Span,
  SpanAttributes,
  SpanEvent,
  ThrowLocation,
  TraceCallsOptions,
  TracedCall,
  TraceInclude,
} from './types.js';
