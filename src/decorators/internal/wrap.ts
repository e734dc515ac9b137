import { isAsyncFunction } from '../../internal/async-function.js';
import { isThenable } from '../../internal/promise-like.js';

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
 * Calls `fn` and tells `done` how it ended — at once when it returned or threw, when the promise
 * it returned settled otherwise — and gives back what it gave: the value, the error (thrown
 * again), or a promise that settles as the original did once `done` ran. What `done` throws for
 * a failure replaces the failure (a retry's last error, say).
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
  if (!isThenable(result)) {
    done(false, result);
    return result;
  }
  return result.then(
    (value) => {
      done(false, value);
      return value;
    },
    (error: unknown) => {
      done(true, error);
      throw error;
    },
  );
}

/** A message for a log line out of whatever was thrown. */
export function messageOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}
