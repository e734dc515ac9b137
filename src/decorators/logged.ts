import { isDecoratorContext } from './internal/context.js';
import { decorateMethod } from './internal/method.js';
import { optionsObject, refuseOption } from './internal/options.js';
import { report } from './internal/report.js';
import { callAndSettle, messageOf } from './internal/wrap.js';
import type { AnyFunction, FunctionDecorator, LoggedOptions } from './types.js';

const usage = "@logged({ prefix: '+' })";

/**
 * Logs each call of a method or function: `* Enter "name"` before it runs, `* Exit "name"` after
 * it returns — after its promise settles, for an async one — and `* Throw "name": message` when
 * it throws or its promise rejects (the error goes on to the caller). The name is the method's,
 * as the class declares it, or the function's.
 *
 * What the function returns goes to the caller as it is: a native promise is followed to log its
 * end, not replaced (a memoised promise stays the same object). Any other thenable — a query
 * builder, which runs its query when `then` is called, or a promise subclass — is never `then`-ed:
 * `Exit` is logged as it is returned, and it runs when the caller awaits it. Following a promise
 * counts as handling it: a rejection of one nobody else handles is logged as `Throw`, not reported
 * by Node (an `async` function's wrapper is `async` too, so there the caller's promise still is).
 *
 * Three uses: `@logged` on a method, `@logged({ prefix, log })` with options, and
 * `logged(fn)` / `logged(options)(fn)`, which return a function of the same name and length that
 * passes `this` on.
 *
 * @example
 * ```ts
 * import { logged } from 'hookline/decorators';
 *
 * class Job {
 *   @logged({ prefix: '+' })
 *   run(): string {
 *     return 'done';
 *   }
 * }
 * new Job().run(); // + Enter "run", then + Exit "run"
 * const fetchLogged = logged(fetch); // * Enter "fetch" … * Exit "fetch" once it settles
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_INVALID_ARGUMENT`) for options of the wrong type, or
 * `@logged` on anything but a method, as the class is defined.
 */
export function logged<F extends AnyFunction>(fn: F): F;
export function logged<This, F extends (this: This, ...args: any) => any>(
  method: F,
  context: ClassMethodDecoratorContext<This, F>,
): F;
export function logged(options?: LoggedOptions): FunctionDecorator;
export function logged(first?: unknown, context?: unknown): unknown {
  // A function, or a decorator context after anything (a field's `undefined`): the bare use.
  // Anything else is options, and what comes back is applied later, either way.
  if (typeof first === 'function' || isDecoratorContext(context)) {
    return decorate(first, context, {});
  }
  const options = readOptions(first);
  return (fn: unknown, context?: unknown) => decorate(fn, context, options);
}

interface Settings {
  readonly prefix?: string;
  readonly log?: (line: string) => void;
}

function decorate(fn: unknown, context: unknown, settings: Settings): Function {
  return decorateMethod('logged', 'logged', fn, context, (original, name) => {
    const prefix = settings.prefix ?? '*';
    // Read at each call, not at decoration: a test that replaces console.log sees the lines.
    const log = settings.log ?? ((line: string) => console.log(line));
    return (self, args) => {
      report('logged', log, [`${prefix} Enter "${name}"`]);
      return callAndSettle(original, self, args, (failed, outcome) => {
        const line = failed
          ? `${prefix} Throw "${name}": ${messageOf(outcome)}`
          : `${prefix} Exit "${name}"`;
        report('logged', log, [line]);
      });
    };
  });
}

function readOptions(options: unknown): Settings {
  const where = 'logged(options)';
  const given = optionsObject(where, options, usage, ['prefix', 'log']);
  const { prefix, log } = given;
  if (prefix !== undefined && typeof prefix !== 'string') {
    refuseOption(`${where}: prefix`, 'a string', prefix, `Give prefix a string: ${usage}.`);
  }
  if (log !== undefined && typeof log !== 'function') {
    refuseOption(
      `${where}: log`,
      'a function that takes a line',
      log,
      'Give log a function, as console.error, or leave it out for console.log.',
    );
  }
  return {
    ...(prefix === undefined ? {} : { prefix }),
    ...(log === undefined ? {} : { log: log as (line: string) => void }),
  };
}
