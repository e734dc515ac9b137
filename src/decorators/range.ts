import { describeValue, HooklineRangeError, HooklineTypeError } from '../internal/errors.js';
import { checkedAccessor, refuseBareAccessor } from './internal/accessor.js';
import { refuseOption } from './internal/options.js';
import type { AccessorDecorator } from './types.js';

/**
 * Keeps a number `accessor` field within `min` and `max` (both included; either may be left
 * `undefined` for no limit on that side): its initial value, and every value set, is checked
 * before it is stored. Each instance keeps its own value, as any accessor field does — unlike the
 * seed's descriptor, which kept one value for all instances of the class.
 *
 * `accessor` is needed: a plain field is a property of the instance, with no `set` for a
 * decorator to check, and `@range` on one is refused as the class is defined.
 *
 * @example
 * ```ts
 * import { range } from 'hookline/decorators';
 *
 * class Person {
 *   @range(1, 130) accessor age = 1;
 * }
 * const person = new Person();
 * person.age = 42;
 * person.age = 200; // RangeError (ERR_HOOKLINE_OUT_OF_RANGE); age stays 42
 * ```
 *
 * @throws {RangeError} (code `ERR_HOOKLINE_OUT_OF_RANGE`) for a number outside the range, NaN
 * included; {TypeError} (code `ERR_HOOKLINE_INVALID_VALUE`) for a value that is no number; as the
 * class is defined, {TypeError} (code `ERR_HOOKLINE_INVALID_ARGUMENT`) for limits that are no
 * numbers, `min` above `max`, `@range` without limits, or `@range` on anything but an accessor
 * field.
 */
export function range(min?: number, max?: number): AccessorDecorator<number>;
export function range(min?: unknown, max?: unknown): unknown {
  refuseBareAccessor('range', max, '@range(1, 130)');
  checkLimit('min', min);
  checkLimit('max', max);
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    refuseOption(
      `range(${min}, ${max})`,
      'min no greater than max',
      min,
      `Give the lower limit first: range(${max}, ${min}).`,
    );
  }
  const low = min as number | undefined;
  const high = max as number | undefined;
  const usage = `@range(${low}, ${high})`;
  const expected = `a number ${describeRange(low, high)}`;
  return (target: unknown, context: unknown) =>
    checkedAccessor('range', usage, target, context, (value, field, owner) => {
      if (typeof value !== 'number') {
        throw new HooklineTypeError('ERR_HOOKLINE_INVALID_VALUE', {
          where: `${owner}.${field}`,
          expected,
          received: describeValue(value),
          fix: `Nothing was assigned: give ${field} a number.`,
        });
      }
      if (
        Number.isNaN(value) ||
        (low !== undefined && value < low) ||
        (high !== undefined && value > high)
      ) {
        throw new HooklineRangeError('ERR_HOOKLINE_OUT_OF_RANGE', {
          where: `${owner}.${field}`,
          expected,
          received: describeValue(value),
          fix: `Nothing was assigned: keep ${field} ${describeRange(low, high)}, or widen the range in ${usage}.`,
        });
      }
    });
}

function checkLimit(which: 'min' | 'max', limit: unknown): void {
  if (limit === undefined || (typeof limit === 'number' && !Number.isNaN(limit))) return;
  refuseOption(
    `range(min, max): ${which}`,
    'a number, or undefined for no limit',
    limit,
    'Give the limits as numbers: @range(1, 130), @range(0, undefined).',
  );
}

function describeRange(low: number | undefined, high: number | undefined): string {
  if (low !== undefined && high !== undefined) return `from ${low} to ${high}`;
  if (low !== undefined) return `of at least ${low}`;
  if (high !== undefined) return `of at most ${high}`;
  return 'of any size';
}
