export { final } from './final.js';
export { guard } from './guard.js';
export { logged } from './logged.js';
export { range } from './range.js';
export { registry } from './registry.js';
export { retry } from './retry.js';
export { stub } from './stub.js';
export { synchronized } from './synchronized.js';
export { timed } from './timed.js';
export type {
  AccessorDecorator,
  AnyClass,
  AnyFunction,
  FunctionDecorator,
  LoggedOptions,
  ResultDecorator,
  RetryOptions,
  StubDecorator,
  TimedOptions,
} from './types.js';
export { validate } from './validate.js';
