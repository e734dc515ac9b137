export { captureOutput } from './capture-output.js';
export { patch } from './patch.js';
export { replace } from './replace.js';
export { restoreAll } from './restore-all.js';
export { type Sandbox, sandbox } from './sandbox.js';
export { spy } from './spy.js';
export type {
  AccessorOption,
  AnyConstructor,
  AnyFunction,
  ArgumentsOf,
  Capture,
  CaptureOptions,
  FunctionKeys,
  GetterWrapper,
  Patch,
  ResultOf,
  SelfOf,
  SetterWrapper,
  Spy,
  SpyCall,
  SpyOptions,
  TypedWrapper,
  UntypedWrapper,
  Wrapper,
} from './types.js';
