import { describeValue, HooklineTypeError } from '../../internal/errors.js';
import { isDecoratorContext, refuseBare, refuseKind } from './context.js';

/**
 * Checks a value given to an accessor field, throwing to refuse it: `owner` names the class or
 * instance the field is on, `field` the field.
 */
export type Check = (value: unknown, field: string, owner: string) => void;

/**
 * Applies a validating decorator to an `accessor` field: `check` sees the initial value and every
 * value set, before it is stored, so a refused value leaves the field as it was. The storage is
 * the accessor's own, one value per instance. A field declared with no initial value
 * (`accessor age: number;`, set by the constructor, as the seed's `__init__` sets it) starts
 * `undefined`, which is not checked: the decorator cannot tell it from `= undefined`, and refusing
 * it would refuse the constructor's pattern; the constructor's set is checked.
 */
export function checkedAccessor(
  decorator: string,
  usage: string,
  target: unknown,
  context: unknown,
  check: Check,
): ClassAccessorDecoratorResult<unknown, unknown> {
  if (!isDecoratorContext(context)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: `${usage}(…)`,
      expected: 'to be written as a decorator on an accessor field',
      received: `a plain call with ${describeValue(target)}`,
      fix: `Write it on the field: ${usage} accessor value = …;`,
    });
  }
  if (context.kind !== 'accessor') {
    refuseKind(decorator, context, 'an accessor field', accessorFix(usage, context));
  }
  const name = typeof context.name === 'symbol' ? context.name.toString() : context.name;
  const { set } = target as ClassAccessorDecoratorTarget<unknown, unknown>;
  return {
    init(value) {
      if (value !== undefined) check(value, name, ownerName(this));
      return value;
    },
    set(value) {
      check(value, name, ownerName(this));
      set.call(this, value);
    },
  };
}

/** Refuses a validating decorator written without its arguments: `@range` for `@range(1, 130)`. */
export function refuseBareAccessor(decorator: string, context: unknown, usage: string): void {
  if (isDecoratorContext(context)) refuseBare(decorator, context, usage);
}

function accessorFix(usage: string, context: DecoratorContext): string {
  const name = typeof context.name === 'string' ? context.name : 'value';
  if (context.kind === 'field') {
    return `Write accessor before the field, which gives it the get and set to check: ${usage} accessor ${name} = …;`;
  }
  return `Declare the value as an accessor field, which gives it the get and set to check: ${usage} accessor ${name} = …;`;
}

/** How a message names what holds the field: the class, for a static field or an instance. */
function ownerName(self: unknown): string {
  if (typeof self === 'function') return self.name || 'an anonymous class';
  const ctor = (self as { constructor?: { name?: unknown } } | null)?.constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'an object';
}
