import { isPlainPromise } from '../internal/promise-like.js';
import { isDecoratorContext, refuseBare } from './internal/context.js';
import { decorateMethod } from './internal/method.js';
import { optionsObject, refuseOption } from './internal/options.js';
import type { FunctionDecorator, RetryOptions } from './types.js';

const usage = '@retry({ times: 3 })';

/**
 * Tries a failing call again, up to `times` more times, when what it threw (or its promise
 * rejected with) matches `on`: an `Error` class (`instanceof`), or a predicate; every error
 * unless given. The caller gets the first success, or the last failure; an error that does not
 * match goes to the caller at once.
 *
 * A function that returns a native promise (an `async` function) is tried again when the promise
 * rejects, `delay` milliseconds later; the caller gets a promise of the first success, or of the
 * last failure. One that throws synchronously is tried again at once, whatever `delay` says:
 * JavaScript has no sleep that would not stop the whole thread, and making the call asynchronous
 * would change what it returns. Any other thenable it returns — a query builder, which runs when
 * `then` is called, or a promise subclass — goes to the caller as it is, not followed: only a
 * synchronous throw is retried then. To retry what a query builder runs, await it in an `async`
 * method (`async users() { return await db.select().from(users); }`).
 *
 * Two uses: `@retry(options)` on a method, and `retry(options)(fn)`, which returns a function of
 * the same name and length that passes `this` on.
 *
 * @example
 * ```ts
 * import { retry } from 'hookline/decorators';
 *
 * class Client {
 *   @retry({ times: 2, on: (error) => (error as { code?: string }).code === 'ECONNRESET', delay: 100 })
 *   async get(url: string): Promise<Response> {
 *     return fetch(url);
 *   }
 * }
 * const readConfig = retry({ times: 1, on: SyntaxError })(() => JSON.parse(read()));
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_INVALID_ARGUMENT`) as the options are given, for
 * `times` that is no non-negative integer, an `on` that is no function, a `delay` that is no
 * non-negative number, `@retry` without options, or `@retry` on anything but a method.
 */
export function retry(options: RetryOptions): FunctionDecorator;
export function retry(options: unknown, context?: unknown): FunctionDecorator {
  if (isDecoratorContext(context)) refuseBare('retry', context, usage);
  const settings = readOptions(options);
  return ((fn: unknown, context?: unknown) =>
    decorateMethod('retry', 'retry({ times: 3 })', fn, context, (original) => {
      const attempt = (self: unknown, args: unknown[], left: number): unknown => {
        for (;;) {
          let result: unknown;
          try {
            result = Reflect.apply(original, self, args);
          } catch (error) {
            if (left > 0 && settings.matches(error)) {
              left--;
              continue;
            }
            throw error;
          }
          // Another thenable (a query builder) is handed back untouched: following it would run
          // it at once, before the caller adds to it, and take it from the caller.
          if (!isPlainPromise(result)) return result;
          const remaining = left;
          return result.then(undefined, async (error: unknown) => {
            if (remaining === 0 || !settings.matches(error)) throw error;
            if (settings.delay > 0) await sleep(settings.delay);
            return attempt(self, args, remaining - 1);
          });
        }
      };
      return (self, args) => attempt(self, args, settings.times);
    })) as FunctionDecorator;
}

interface Settings {
  readonly times: number;
  readonly delay: number;
  readonly matches: (error: unknown) => boolean;
}

function readOptions(options: unknown): Settings {
  const where = 'retry(options)';
  if (options === undefined) {
    refuseOption(where, 'an options object with times', options, `Say how often: ${usage}.`);
  }
  const { times, on, delay = 0 } = optionsObject(where, options, usage, ['times', 'on', 'delay']);
  if (typeof times !== 'number' || !Number.isInteger(times) || times < 0) {
    refuseOption(
      `${where}: times`,
      'a non-negative integer, the number of tries after the first',
      times,
      `Say how many more times to try: ${usage}.`,
    );
  }
  if (on !== undefined && typeof on !== 'function') {
    refuseOption(
      `${where}: on`,
      'an Error class or a predicate (error) => boolean',
      on,
      'Give on an Error class (on: TypeError), a predicate, or leave it out to retry every error.',
    );
  }
  if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) {
    refuseOption(
      `${where}: delay`,
      'a non-negative number of milliseconds',
      delay,
      'Give delay in milliseconds (delay: 100), or leave it out to try again at once.',
    );
  }
  return { times, delay, matches: matcher(on) };
}

/** `on` as a test of an error: a class by `instanceof`, any other function as a predicate. */
function matcher(on: Function | undefined): (error: unknown) => boolean {
  if (on === undefined) return () => true;
  if (isClass(on)) return (error) => error instanceof on;
  return (error) => Boolean(on(error));
}

/**
 * Whether `on` is meant as a class: an `Error` or a subclass of it (builtins included, which do
 * not read as `class` in their source), or any function declared with `class`.
 */
function isClass(on: Function): boolean {
  const proto: unknown = on.prototype;
  if (on === Error || proto instanceof Error) return true;
  return Function.prototype.toString.call(on).startsWith('class');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
