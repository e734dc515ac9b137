import { HooklineTypeError } from '../internal/errors.js';
import { isThenable } from '../internal/promise-like.js';
import { isDecoratorContext, refuseBare } from './internal/context.js';
import { decorateMethod } from './internal/method.js';
import { refuseOption } from './internal/options.js';
import type { ResultDecorator } from './types.js';

const usage = '@guard((self) => self.loggedIn)';

/**
 * Lets a call through only when `predicate(self, args)` says so: then the method runs as it
 * would; else it does not run, and the caller gets what `otherwise(self, args)` returns
 * (`undefined` unless given; it may throw, to refuse loudly). `self` is the receiver, `args` the
 * arguments as an array. The predicate decides synchronously: one that returns a promise is
 * refused at the call, since a promise would always read as "yes".
 *
 * Two uses: `@guard(predicate, otherwise?)` on a method, and `guard(predicate, otherwise?)(fn)`,
 * which returns a function of the same name and length that passes `this` on.
 *
 * @example
 * ```ts
 * import { guard } from 'hookline/decorators';
 *
 * class AdminPage {
 *   needLogin = true;
 *   sessionKey = '';
 *   @guard(
 *     (self: AdminPage) => !self.needLogin || self.sessionKey !== '',
 *     (self) => console.log(`**** Permission Denied: ${self.constructor.name}`),
 *   )
 *   show(): void {
 *     console.log('** This is Admin Page.');
 *   }
 * }
 * new AdminPage().show(); // **** Permission Denied: AdminPage
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_INVALID_ARGUMENT`) as the decorator is given, for a
 * predicate or `otherwise` that is no function, `@guard` without a predicate, or `@guard` on
 * anything but a method; (code `ERR_HOOKLINE_INVALID_VALUE`) at a call whose predicate returned
 * a promise.
 */
export function guard<Self = any, Args extends unknown[] = any[], Result = undefined>(
  predicate: (self: Self, args: Args) => boolean,
  otherwise?: (self: Self, args: Args) => Result,
): ResultDecorator<Result, Self>;
export function guard(predicate: unknown, otherwise?: unknown): unknown {
  if (isDecoratorContext(otherwise)) refuseBare('guard', otherwise, usage);
  if (typeof predicate !== 'function') {
    refuseOption(
      'guard(predicate)',
      'a function (self, args) => boolean',
      predicate,
      `Say when a call may go through: ${usage}.`,
    );
  }
  if (otherwise !== undefined && typeof otherwise !== 'function') {
    refuseOption(
      'guard(predicate, otherwise)',
      'a function (self, args) => value for refused calls',
      otherwise,
      'Give otherwise a function, or leave it out for calls to return undefined.',
    );
  }
  return (fn: unknown, context?: unknown) =>
    decorateMethod('guard', 'guard(predicate)', fn, context, (original, name) => {
      return (self, args) => {
        const allowed: unknown = Reflect.apply(predicate, undefined, [self, args]);
        if (isThenable(allowed)) refuseAsync(name, predicate);
        if (allowed) return Reflect.apply(original, self, args);
        return otherwise === undefined
          ? undefined
          : Reflect.apply(otherwise as Function, undefined, [self, args]);
      };
    });
}

function refuseAsync(name: string, predicate: Function): never {
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_VALUE', {
    where: `guard(${predicate.name || 'predicate'}) on "${name}"`,
    expected: 'the predicate to return true or false',
    received: 'a promise',
    fix: 'A guard decides before the call: check what needs awaiting in the method itself, or keep the answer (a session) where the predicate can read it synchronously.',
  });
}
