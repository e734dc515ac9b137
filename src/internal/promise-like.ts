/**
 * Whether `value` is a promise or any other object with a `then` method (what `await` waits for).
 *
 * @example
 * ```ts
 * isThenable(Promise.resolve(1)); // true
 * isThenable({ then() {} }); // true
 * ```
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

// Taken now: a spy asks this of every result, and may be the spy on Object.getPrototypeOf.
const { getPrototypeOf } = Object;

/**
 * Whether `value` is a native promise made by `Promise` itself (an `async` function's), not a
 * subclass or another thenable: what can be followed with `Promise.prototype.then` safely.
 *
 * @example
 * ```ts
 * isPlainPromise((async () => 1)()); // true
 * ```
 */
export function isPlainPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && getPrototypeOf(value) === Promise.prototype;
}

// Taken now: a program may patch or spy on Promise.prototype.then (or Function.prototype.call),
// and following a promise must not run, or be recorded by, what it put there.
const callThen = Function.prototype.call.bind(Promise.prototype.then) as (
  promise: Promise<unknown>,
  onFulfilled: (value: unknown) => void,
  onRejected: (reason: unknown) => void,
) => Promise<unknown>;

/**
 * Calls back once a native promise settles, leaving the promise as it is: whoever holds it still
 * holds the very object. The callbacks must not throw (what they return is dropped). The
 * reaction counts as handling the promise, as any `then` does: a rejection nobody else handles
 * reaches `onRejected` rather than being reported by Node as unhandled.
 *
 * @example
 * ```ts
 * whenSettled(promise, (value) => record(value), (reason) => record(reason));
 * return promise; // the caller gets what the function returned
 * ```
 */
export function whenSettled(
  promise: Promise<unknown>,
  onFulfilled: (value: unknown) => void,
  onRejected: (reason: unknown) => void,
): void {
  callThen(promise, onFulfilled, onRejected);
}
