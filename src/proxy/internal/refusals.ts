import { describeValue, HooklineTypeError } from '../../internal/errors.js';
import { isProxyTarget } from './forwarding.js';

/** Refuses a target that cannot be proxied: anything but an object or a function. */
export function checkTarget(target: unknown, where: string, fix: string): asserts target is object {
  if (isProxyTarget(target)) return;
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where,
    expected: 'an object or a function',
    received: describeValue(target),
    fix,
  });
}

/** Refuses an argument that must be a function. */
export function checkFunction(
  value: unknown,
  where: string,
  expected: string,
  fix: string,
): asserts value is Function {
  if (typeof value === 'function') return;
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where,
    expected,
    received: describeValue(value),
    fix,
  });
}
