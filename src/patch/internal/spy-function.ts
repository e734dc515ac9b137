import type { SpyCall } from '../types.js';
import { callWith } from './call-with.js';
import type { Part } from './descriptors.js';
import { copyFunctionShape, isConstructor } from './function-shape.js';
import type { Layer } from './registry.js';

/** How a spy records. */
export interface SpyRecording {
  readonly calls: SpyCall[];
  readonly settle: boolean;
  readonly stack: boolean;
}

/** A native promise made by `Promise` itself (not a subclass, not a thenable). */
function isPlainPromise(value: unknown): value is Promise<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Promise.prototype
  );
}

/**
 * The function a `spy()` layer installs: a pass-through that records each call before and after
 * it runs. Written out rather than built on a generic wrapper, since it is on the hot path of
 * every spied call: one record and one array push a call, no stack trace unless asked.
 */
export function createSpyFunction(
  layer: Layer,
  recording: SpyRecording,
  original: Function,
  part: Part,
): Function {
  const { calls, settle, stack } = recording;

  function begin(self: unknown, args: unknown[]): SpyCall {
    // Every field is there from the start, so all records of a spy share one object shape.
    const call: SpyCall = stack
      ? { self, args, threw: false, result: undefined, stack: stackAt(fn) }
      : { self, args, threw: false, result: undefined };
    calls.push(call);
    return call;
  }

  function end(call: SpyCall, result: unknown): unknown {
    // Following the promise (rather than adding handlers to it) keeps an unhandled rejection
    // unhandled: the caller gets a promise that settles the same way, and it is that promise
    // Node reports if nobody handles it.
    if (settle && isPlainPromise(result)) result = follow(result, call);
    call.result = result;
    return result;
  }

  function apply(self: unknown, args: unknown[]): unknown {
    const below = layer.original as Function;
    if (!layer.active) return callWith(below, self, args);
    const call = begin(self, args);
    let result: unknown;
    try {
      result = callWith(below, self, args);
    } catch (error) {
      call.threw = true;
      call.error = error;
      throw error;
    }
    return end(call, result);
  }

  function construct(args: unknown[], newTarget: Function): unknown {
    const below = layer.original as Function;
    if (!layer.active) return Reflect.construct(below, args, newTarget);
    const call = begin(undefined, args);
    let result: unknown;
    try {
      result = Reflect.construct(below, args, newTarget);
    } catch (error) {
      call.threw = true;
      call.error = error;
      throw error;
    }
    return end(call, result);
  }

  const fn: Function =
    part === 'value' && isConstructor(original)
      ? function spied(this: unknown, ...args: unknown[]): unknown {
          return new.target === undefined ? apply(this, args) : construct(args, new.target);
        }
      : {
          spied(this: unknown, ...args: unknown[]): unknown {
            return apply(this, args);
          },
        }.spied;
  copyFunctionShape(fn, original);
  return fn;
}

function follow(promise: Promise<unknown>, call: SpyCall): Promise<unknown> {
  return Promise.prototype.then.call(
    promise,
    (value: unknown) => {
      call.settled = { status: 'fulfilled', value };
      return value;
    },
    (reason: unknown) => {
      call.settled = { status: 'rejected', reason };
      throw reason;
    },
  );
}

function stackAt(spied: Function): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, spied);
  const text = holder.stack ?? '';
  const firstFrame = text.indexOf('\n');
  return firstFrame === -1 ? '' : text.slice(firstFrame + 1);
}
