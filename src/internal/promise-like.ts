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
