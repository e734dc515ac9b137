import { isAsyncFunction } from '../../internal/async-function.js';
import { isPlainPromise, whenSettled } from '../../internal/promise-like.js';

/**
 * A function that runs `body` in place of `original`, with the same `name` and `length`, passing
 * `this` through. It is made as a method (`{ wrapper() {} }`), which cannot be called with `new`:
 * a decorated method could not be either, and a wrapper that looked constructible but ran `body`
 * without `new.target` would be a trap. The wrapper of an `async` function is `async` too, so
 * that what tells async functions apart (`@synchronized` on a class, `util.types`) still does
 * through decorators: nothing else changes, since an async function neither throws nor returns
 * anything but a promise.
 */
export function wrapFunction(
  original: Function,
  body: (self: unknown, args: unknown[]) => unknown,
): Function {
  const holder = {
    wrapper(this: unknown, ...args: unknown[]): unknown {
      return body(this, args);
    },
    async asyncWrapper(this: unknown, ...args: unknown[]): Promise<unknown> {
      return body(this, args);
    },
  };
  const wrapper = isAsyncFunction(original) ? holder.asyncWrapper : holder.wrapper;
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  return wrapper;
}

/**
 * Calls `fn`, tells `done` how it ended, and gives back what it gave: the value (the very object,
 * a promise included) or the error, thrown again. `done` hears at once when `fn` returned or
 * threw, and when a native promise it returned settles otherwise, through a reaction that leaves
 * the promise as it is. Any other thenable (a query builder, which runs its query when `then` is
 * called; a promise subclass, whose `then` is its own) is a value like another: never `then`-ed
 * here, so it runs when, and as, the caller decides. `done` must not throw.
 */
export function callAndSettle(
  fn: Function,
  self: unknown,
  args: unknown[],
  done: (failed: boolean, outcome: unknown) => void,
): unknown {
  let result: unknown;
  try {
    result = Reflect.apply(fn, self, args);
  } catch (error) {
    done(true, error);
    throw error;
  }
  if (isPlainPromise(result)) {
    whenSettled(
      result,
      (value) => done(false, value),
      (error) => done(true, error),
    );
  } else {
    done(false, result);
  }
  return result;
}

/** A message for a log line out of whatever was thrown. */
export function messageOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}
