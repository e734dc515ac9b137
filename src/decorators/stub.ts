import { isDecoratorContext, refuseBare } from './internal/context.js';
import { decorateMethod } from './internal/method.js';
import type { StubDecorator } from './types.js';

/**
 * Makes a method or function a dummy: it no longer runs, and every call returns `value` — the
 * same value each time, as given (for an async method, give a promise:
 * `@stub(Promise.resolve([]))`).
 *
 * Two uses: `@stub(value)` on a method, and `stub(value)(fn)`, which returns a function of the
 * same name and length.
 *
 * @example
 * ```ts
 * import { stub } from 'hookline/decorators';
 *
 * class Mailer {
 *   @stub('Do nothing')
 *   send(to: string): string {
 *     return smtp.send(to);
 *   }
 * }
 * new Mailer().send('a@example.com'); // 'Do nothing', and nothing is sent
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_INVALID_ARGUMENT`) as the class is defined, for
 * `@stub` without a value or on anything but a method.
 */
export function stub<Value>(value: Value): StubDecorator<Value>;
export function stub(value: unknown, context?: unknown): unknown {
  if (isDecoratorContext(context)) refuseBare('stub', context, "@stub('Do nothing')");
  return (fn: unknown, context?: unknown) =>
    decorateMethod('stub', 'stub(value)', fn, context, () => () => value);
}
