import {
  elementName,
  isDecoratorContext,
  refuseKind,
  refuseNotFunction,
  refuseSecondArgument,
} from './context.js';
import { wrapFunction } from './wrap.js';

/** What runs in place of a decorated function: given the receiver and the arguments. */
export type Body = (self: unknown, args: unknown[]) => unknown;

/** How a method decorator builds the body for one function, named as log lines name it. */
export type MakeBody = (original: Function, name: string) => Body;

/**
 * Applies a method decorator in either of its uses: `@decorator` on a method, where JavaScript
 * passes the method and its context, or a plain call `decorator(fn)`. The two are told apart by
 * the second argument, which only the decorator use has; anything else there is refused, as is a
 * decorator written on anything but a method. `wrapping` is the call that wraps a function, as
 * messages show it: `logged`, `retry({ times: 3 })`.
 */
export function decorateMethod(
  decorator: string,
  wrapping: string,
  value: unknown,
  context: unknown,
  make: MakeBody,
): Function {
  const usage = `${wrapping}(fn)`;
  if (context === undefined) {
    if (typeof value !== 'function') refuseNotFunction(decorator, value, usage);
    return wrapFunction(value, make(value, value.name || 'anonymous'));
  }
  if (!isDecoratorContext(context)) refuseSecondArgument(decorator, context, usage);
  if (context.kind !== 'method')
    refuseKind(decorator, context, 'a method', kindFix(decorator, context, wrapping));
  const method = value as Function;
  return wrapFunction(method, make(method, elementName(context, method.name)));
}

/**
 * The way out for a method decorator written on another kind of element; for a field, the field
 * as it would be written holding a wrapped function: `static #handler = logged((…) => …)`.
 */
export function kindFix(
  decorator: string,
  context: DecoratorContext,
  wrapping = decorator,
): string {
  switch (context.kind) {
    case 'class':
      return `Write @${decorator} on each method of the class that needs it.`;
    case 'field':
      return `Make the field a method, or wrap the function it holds: ${declared(context)} = ${wrapping}((…) => …).`;
    case 'accessor':
      return `Make the accessor field a method, or wrap the function it holds: ${declared(context)} = ${wrapping}((…) => …).`;
    default:
      return `Write @${decorator} on a method the ${context.kind} calls.`;
  }
}

/** A field as its declaration starts: `handler`, `static accessor #count`, `[id]`, `'my-key'`. */
function declared(context: ClassFieldDecoratorContext | ClassAccessorDecoratorContext): string {
  const { name } = context;
  let key: string;
  if (typeof name === 'symbol') key = `[${name.description || 'symbol'}]`;
  else if (/^#?[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(name)) key = name;
  else key = JSON.stringify(name);
  return `${context.static ? 'static ' : ''}${context.kind === 'accessor' ? 'accessor ' : ''}${key}`;
}
