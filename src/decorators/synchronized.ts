import { isAsyncFunction } from '../internal/async-function.js';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { isDecoratorContext, refuseKind } from './internal/context.js';
import { callLocked, createLock, type Lock } from './internal/lock.js';
import { kindFix } from './internal/method.js';
import { wrapFunction } from './internal/wrap.js';
import type { AnyClass } from './types.js';

/** Each receiver's lock, shared by all its synchronized methods. */
const locks = new WeakMap<object, Lock>();

function lockOf(self: object): Lock {
  let lock = locks.get(self);
  if (lock === undefined) {
    lock = createLock();
    locks.set(self, lock);
  }
  return lock;
}

/** The methods `@synchronized` on a class made, so that a second decoration does not wrap them twice. */
const synchronizedMethods = new WeakSet<Function>();

/**
 * Runs the async calls of an object's synchronized methods one at a time, in the order they were
 * made: a call waits until the calls before it have settled. What the seed's threads race for
 * (read a field, wait, write it back) is an instance's state across `await`s; so the queue is per
 * instance — every synchronized method of one instance shares it, and different instances do not
 * wait for each other. A call that finds the queue empty starts at once.
 *
 * - `@synchronized` on a method: that method's calls join the instance's queue (a static
 *   method's, the class's). The method returns a new promise: one that returns something else
 *   runs in its turn, and its value comes wrapped in a promise. The queue is held until what the
 *   call returned settles, so a thenable it returns (a query builder) is awaited in its turn —
 *   run, as `await` runs it — and the caller gets a promise of its result, not the builder.
 * - `@synchronized` on a class: every `async` method the class itself declares (not inherited
 *   ones, not getters or setters, not the constructor) joins the instance's queue, and every
 *   `static async` method the class's own. Other methods run as they are: a call cannot be made
 *   to wait without turning what it returns into a promise, and a method with no `await` runs to
 *   its end without other code interleaving. `#private` methods are out of a class decorator's
 *   reach (JavaScript shows it none): write `@synchronized` on each `async #method` itself.
 * - `synchronized(fn)`: a function whose calls have a queue of their own, whatever the receiver.
 *
 * A synchronized call made from inside one that holds the queue (awaited, or in a callback it
 * starts) runs at once, as a re-entrant lock lets its owner in: waiting there would wait for
 * itself for ever.
 *
 * @example
 * ```ts
 * import { synchronized } from 'hookline/decorators';
 *
 * @synchronized
 * class Task {
 *   data = 'xxx';
 *   async run1(): Promise<void> {
 *     const data = this.data;
 *     await sleep(5);
 *     this.data = `${data}111`;
 *   }
 *   async run2(): Promise<void> {
 *     const data = this.data;
 *     await sleep(5);
 *     this.data = `${data}222`;
 *   }
 * }
 * const task = new Task();
 * await Promise.all([task.run1(), task.run2()]);
 * task.data; // 'xxx111222', where without @synchronized it would be 'xxx222'
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_INVALID_ARGUMENT`) as the class is defined, for
 * `@synchronized` on anything but a method or a class.
 */
export function synchronized<F extends (...args: any) => PromiseLike<unknown>>(fn: F): F;
export function synchronized<This, F extends (this: This, ...args: any) => PromiseLike<unknown>>(
  method: F,
  context: ClassMethodDecoratorContext<This, F>,
): F;
// A class with a private or protected constructor is no `AnyClass`, but is a class all the same.
export function synchronized<C extends Function>(
  cls: C,
  context: ClassDecoratorContext<C & AnyClass>,
): C;
export function synchronized(value: unknown, context?: unknown): unknown {
  if (context === undefined) return synchronizeFunction(value);
  if (!isDecoratorContext(context)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'synchronized(fn, …)',
      expected: 'the function alone, or a decorator context after it',
      received: `${describeValue(context)} as the second argument`,
      fix: 'Wrap a function with synchronized(fn), or write @synchronized on a method or a class.',
    });
  }
  if (context.kind !== 'method' && context.kind !== 'class') {
    refuseKind('synchronized', context, 'a method or a class', kindFix('synchronized', context));
  }
  if (context.kind === 'class') {
    synchronizeClass(value as Function);
    return undefined;
  }
  return synchronizeMethod(value as Function);
}

function synchronizeFunction(fn: unknown): Function {
  if (typeof fn !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_NOT_A_FUNCTION', {
      where: 'synchronized(fn)',
      expected: 'an async function to give a queue of its own',
      received: describeValue(fn),
      fix: 'Pass the function itself, or write @synchronized on a method or a class.',
    });
  }
  const lock = createLock();
  return wrapFunction(fn, (self, args) => inPromise(lock, fn, self, args));
}

/**
 * A method whose calls join their receiver's queue. A receiver that is no object (a method taken
 * off its instance and called bare) gets the method's own queue, so the call is still in turn.
 */
function synchronizeMethod(method: Function): Function {
  const unbound = createLock();
  const wrapper = wrapFunction(method, (self, args) => {
    const lock =
      (typeof self === 'object' && self !== null) || typeof self === 'function'
        ? lockOf(self)
        : unbound;
    return inPromise(lock, method, self, args);
  });
  synchronizedMethods.add(wrapper);
  return wrapper;
}

/**
 * The call made in its turn, as a promise whatever it returns or throws: a caller that awaits it
 * should not have to tell whether it waited for its turn.
 */
function inPromise(lock: Lock, fn: Function, self: unknown, args: unknown[]): Promise<unknown> {
  try {
    return Promise.resolve(callLocked(lock, fn, self, args));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Replaces each `async` method the class declares with one that joins the queue of its receiver:
 * an instance's for the prototype's methods, the class's for its static ones. `#private` methods
 * are out of a class decorator's reach: `@synchronized` goes on each of them.
 */
function synchronizeClass(cls: Function): void {
  synchronizeAsyncMethods(cls.prototype as object);
  synchronizeAsyncMethods(cls);
}

function synchronizeAsyncMethods(holder: object): void {
  for (const key of Reflect.ownKeys(holder)) {
    if (key === 'constructor' && typeof holder === 'object') continue;
    const descriptor = Reflect.getOwnPropertyDescriptor(holder, key);
    const method: unknown = descriptor?.value;
    if (!isAsyncFunction(method) || synchronizedMethods.has(method as Function)) continue;
    Object.defineProperty(holder, key, {
      ...descriptor,
      value: synchronizeMethod(method as Function),
    });
  }
}
