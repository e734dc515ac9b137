import { describeKey, describeValue, HooklineTypeError } from '../../internal/errors.js';

/** The kinds of class element a standard decorator can be applied to. */
export type ElementKind = DecoratorContext['kind'];

/**
 * Whether `value` is the context object a standard decorator gets as its second argument. A
 * decorator tells its uses apart by it: `(function, context)` is `@decorator`, `(function)` alone
 * is a plain call wrapping a function.
 */
export function isDecoratorContext(value: unknown): value is DecoratorContext {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    'name' in value
  );
}

/** How a message names the element a decorator was applied to: `the static method "run"`. */
export function describeElement(context: DecoratorContext): string {
  if (context.kind === 'class') {
    return context.name === undefined ? 'an anonymous class' : `the class ${context.name}`;
  }
  const isStatic = context.static ? 'static ' : '';
  const kind = context.kind === 'accessor' ? 'accessor field' : context.kind;
  return `the ${isStatic}${kind} ${describeKey(context.name)}`;
}

/** The name a decorated element goes by in log lines: `run`, `#secret`, `[Symbol(id)]`. */
export function elementName(context: DecoratorContext, fallback: string): string {
  const { name } = context;
  if (name === undefined) return fallback;
  return typeof name === 'symbol' ? `[${name.description ?? ''}]` : name;
}

/**
 * Refuses a decorator applied to an element it cannot handle (`@final` on a method, `@logged` on
 * a field): at class definition, naming the decorator, the element, and what to do instead.
 */
export function refuseKind(
  decorator: string,
  context: DecoratorContext,
  accepted: string,
  fix: string,
): never {
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where: `@${decorator} on ${describeElement(context)}`,
    expected: accepted,
    received: context.kind === 'accessor' ? 'an accessor field' : `a ${context.kind}`,
    fix,
  });
}

/**
 * Refuses a decorator that takes arguments written bare (`@retry` for `@retry({ times: 2 })`),
 * which JavaScript calls with the method and its context in their place.
 */
export function refuseBare(decorator: string, context: DecoratorContext, usage: string): never {
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where: `@${decorator} on ${describeElement(context)}`,
    expected: `the arguments ${decorator} takes, as in ${usage}`,
    received: `@${decorator} written without them`,
    fix: `Call it: ${usage}.`,
  });
}

/** Refuses something passed where a function to wrap was expected: `logged(42)`. */
export function refuseNotFunction(decorator: string, value: unknown, usage: string): never {
  throw new HooklineTypeError('ERR_HOOKLINE_NOT_A_FUNCTION', {
    where: `${decorator}(fn)`,
    expected: 'a function to wrap, or a decorator context',
    received: describeValue(value),
    fix: `Pass the function itself (${usage}), or write the decorator on a method.`,
  });
}

/**
 * Refuses a second argument that is no decorator context: a plain call takes the function alone,
 * and `@decorator` passes a context object, so anything else is a mistake (an options object in
 * the wrong place, a stray argument).
 */
export function refuseSecondArgument(decorator: string, value: unknown, usage: string): never {
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where: `${decorator}(fn, …)`,
    expected: 'the function alone, or a decorator context after it',
    received: `${describeValue(value)} as the second argument`,
    fix: `Give the options first and the function to what that returns: ${usage}.`,
  });
}
