import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { checkedAccessor, refuseBareAccessor } from './internal/accessor.js';
import { refuseOption } from './internal/options.js';
import type { AccessorDecorator } from './types.js';

/**
 * Checks every value an `accessor` field is given — its initial value, and each one set — with
 * `check`, before it is stored: `false` refuses it with a `TypeError` (code
 * `ERR_HOOKLINE_INVALID_VALUE`) naming the field and the value; a check that throws refuses it
 * with its own error; anything else lets it in. Each instance keeps its own value.
 *
 * `accessor` is needed: a plain field has no `set` for a decorator to check, and `@validate` on
 * one is refused as the class is defined.
 *
 * @example
 * ```ts
 * import { validate } from 'hookline/decorators';
 *
 * class User {
 *   @validate((email: string) => email.includes('@')) accessor email = 'a@example.com';
 * }
 * new User().email = 'nobody'; // TypeError (ERR_HOOKLINE_INVALID_VALUE); email is unchanged
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_INVALID_VALUE`) for a value the check returns `false`
 * for; as the class is defined, (code `ERR_HOOKLINE_INVALID_ARGUMENT`) for a check that is no
 * function, `@validate` without one, or `@validate` on anything but an accessor field.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a check that returns nothing (and throws to refuse) lets the value in.
export function validate<Value>(check: (value: Value) => boolean | void): AccessorDecorator<Value>;
export function validate(check: unknown, context?: unknown): unknown {
  refuseBareAccessor('validate', context, '@validate((value) => …)');
  if (typeof check !== 'function') {
    refuseOption(
      'validate(check)',
      'a function (value) => boolean',
      check,
      'Give the check as a function: @validate((age: number) => age >= 0).',
    );
  }
  const label = check.name ? `the check ${check.name}` : 'the check';
  return (target: unknown, context: unknown) =>
    checkedAccessor('validate', '@validate(check)', target, context, (value, field, owner) => {
      if (Reflect.apply(check, undefined, [value]) !== false) return;
      throw new HooklineTypeError('ERR_HOOKLINE_INVALID_VALUE', {
        where: `${owner}.${field}`,
        expected: `a value ${label} accepts`,
        received: describeValue(value),
        fix: `Nothing was assigned: give ${field} a value ${label} returns true for.`,
      });
    });
}
