import { isDecoratorContext } from './internal/context.js';
import { decorateMethod } from './internal/method.js';
import { functionOption, optionsObject } from './internal/options.js';
import { report } from './internal/report.js';
import { callAndSettle } from './internal/wrap.js';
import type { AnyFunction, FunctionDecorator, TimedOptions } from './types.js';

/**
 * Node's own, taken once: the monotonic clock, which a test's fake timers replacing
 * `process.hrtime` do not move, and which does not load `perf_hooks` as the first use of the
 * global `performance` does.
 */
const now = process.hrtime.bigint;

/**
 * Times each call of a method or function — until its promise settles, for an async one, and
 * whether it returns or throws — and logs `* Time consumed by "name": 12.3 ms`, or hands the
 * milliseconds and the name to `onTime` in place of the line.
 *
 * What the function returns goes to the caller as it is: a native promise is followed to time it,
 * not replaced. Any other thenable — a query builder, which runs its query when `then` is called,
 * or a promise subclass — is never `then`-ed, and the time is the call's until it returned it.
 *
 * Three uses: `@timed` on a method, `@timed({ log, onTime })` with options, and `timed(fn)` /
 * `timed(options)(fn)`, which return a function of the same name and length that passes `this`
 * on.
 *
 * @example
 * ```ts
 * import { timed } from 'hookline/decorators';
 *
 * class Report {
 *   @timed({ onTime: (ms, name) => metrics.record(name, ms) })
 *   async build(): Promise<string> {
 *     return render(await load());
 *   }
 * }
 * const parse = timed(JSON.parse); // * Time consumed by "parse": 0.1 ms
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_INVALID_ARGUMENT`) for options of the wrong type, or
 * `@timed` on anything but a method, as the class is defined.
 */
export function timed<F extends AnyFunction>(fn: F): F;
export function timed<This, F extends (this: This, ...args: any) => any>(
  method: F,
  context: ClassMethodDecoratorContext<This, F>,
): F;
export function timed(options?: TimedOptions): FunctionDecorator;
export function timed(first?: unknown, context?: unknown): unknown {
  // A function, or a decorator context after anything (a field's `undefined`): the bare use.
  // Anything else is options, and what comes back is applied later, either way.
  if (typeof first === 'function' || isDecoratorContext(context)) {
    return decorate(first, context, {});
  }
  const options = readOptions(first);
  return (fn: unknown, context?: unknown) => decorate(fn, context, options);
}

interface Settings {
  readonly log?: (line: string) => void;
  readonly onTime?: (ms: number, name: string) => void;
}

function decorate(fn: unknown, context: unknown, settings: Settings): Function {
  return decorateMethod('timed', 'timed', fn, context, (original, name) => {
    const reporter =
      settings.onTime ??
      ((ms: number) => {
        const line = `* Time consumed by "${name}": ${ms.toFixed(1)} ms`;
        if (settings.log) settings.log(line);
        else console.log(line);
      });
    return (self, args) => {
      const start = now();
      return callAndSettle(original, self, args, () => {
        report('timed', reporter, [Number(now() - start) / 1e6, name]);
      });
    };
  });
}

function readOptions(options: unknown): Settings {
  const where = 'timed(options)';
  const given = optionsObject(where, options, '@timed({ onTime: (ms, name) => … })', [
    'log',
    'onTime',
  ]);
  const log = functionOption<(line: string) => void>(where, given, 'log');
  const onTime = functionOption<(ms: number, name: string) => void>(where, given, 'onTime');
  return {
    ...(log === undefined ? {} : { log }),
    ...(onTime === undefined ? {} : { onTime }),
  };
}
