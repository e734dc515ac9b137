import { isPlainPromise, whenSettled } from '../../internal/promise-like.js';
import type { SpyCall } from '../types.js';
import { callWith } from './call-with.js';
import type { Part } from './descriptors.js';
import {
  copyFunctionShape,
  isConstructor,
  newTargetBelow,
  withoutOwnPrototype,
} from './function-shape.js';
import { bookkeeping, type Layer, registry } from './registry.js';

// Taken now: a program may spy on these very builtins; their spy must not see a spy's own use.
const { construct: reflectConstruct } = Reflect;
const { captureStackTrace } = Error;

/** How a spy records. */
export interface SpyRecording {
  readonly calls: SpyCall[];
  readonly settle: boolean;
  readonly stack: boolean;
}

/**
 * The function a `spy()` layer installs: a pass-through that records each call before and after
 * it runs. Written out rather than built on a generic wrapper, since it is on the hot path of
 * every spied call: one record and one array element a call, no stack trace unless asked.
 */
export function createSpyFunction(
  layer: Layer,
  recording: SpyRecording,
  original: Function,
  part: Part,
): Function {
  const { calls, settle, stack } = recording;
  // Held by the closures rather than read through the module's import binding at every call.
  const shared = registry;

  function begin(self: unknown, args: unknown[]): SpyCall {
    // Every field is there from the start, so all records of a spy share one object shape.
    const call: SpyCall = stack
      ? { self, args, threw: false, result: undefined, stack: bookkeeping(() => stackAt(fn)) }
      : { self, args, threw: false, result: undefined };
    // Not `push`: this spy may be the one on Array.prototype.push.
    calls[calls.length] = call;
    return call;
  }

  function end(call: SpyCall, result: unknown): unknown {
    call.result = result;
    if (settle && isPlainPromise(result)) observeSettlement(result, call);
    return result;
  }

  function apply(self: unknown, args: unknown[]): unknown {
    const below = layer.original as Function;
    if (!layer.active || shared.busy > 0) return callWith(below, self, args);
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
    if (!layer.active || shared.busy > 0) return reflectConstruct(below, args, newTarget);
    const call = begin(undefined, args);
    let result: unknown;
    try {
      result = reflectConstruct(below, args, newTarget);
    } catch (error) {
      call.threw = true;
      call.error = error;
      throw error;
    }
    return end(call, result);
  }

  let fn: Function;
  if (part === 'value' && isConstructor(original)) {
    const constructible = function spied(this: unknown, ...args: unknown[]): unknown {
      if (new.target === undefined) return apply(this, args);
      const below = layer.original as Function;
      return construct(args, newTargetBelow(new.target, constructible, below));
    };
    fn = Object.hasOwn(original, 'prototype') ? constructible : withoutOwnPrototype(constructible);
  } else {
    fn = {
      spied(this: unknown, ...args: unknown[]): unknown {
        return apply(this, args);
      },
    }.spied;
  }
  copyFunctionShape(fn, original);
  return fn;
}

/**
 * Records how `promise` settles. The caller gets the very promise, so identity holds (a memoised
 * promise stays the same object) and a promise the function has handled itself is never turned
 * into an unhandled one. The price: the reaction taken here counts as handling the promise, so a
 * rejection nobody else handles is recorded in `settled` instead of reported by Node.
 */
function observeSettlement(promise: Promise<unknown>, call: SpyCall): void {
  whenSettled(
    promise,
    (value) => {
      call.settled = { status: 'fulfilled', value };
    },
    (reason) => {
      call.settled = { status: 'rejected', reason };
    },
  );
}

function stackAt(spied: Function): string {
  const holder: { stack?: string } = {};
  captureStackTrace(holder, spied);
  const text = holder.stack ?? '';
  const firstFrame = text.indexOf('\n');
  return firstFrame === -1 ? '' : text.slice(firstFrame + 1);
}
