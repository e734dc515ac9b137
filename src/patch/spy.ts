import { booleanOption, optionsRecord } from '../internal/options.js';
import { LayerHandle } from './internal/handle.js';
import { installWithRefusals } from './internal/install.js';
import {
  type Call,
  checkAccessorOption,
  checkArguments,
  checkProperty,
} from './internal/refusals.js';
import { bookkeeping, type Layer } from './internal/registry.js';
import { createSpyFunction, type SpyRecording } from './internal/spy-function.js';
import type { FunctionKeys, Spy, SpyCall, SpyOptions } from './types.js';

class SpyHandle extends LayerHandle implements Spy {
  readonly calls: SpyCall[];

  constructor(layer: Layer, calls: SpyCall[]) {
    super(layer);
    this.calls = calls;
  }
}

/**
 * Spies on the function at `target[key]`: calls go through unchanged, and each is recorded in
 * `spy.calls` with its receiver, arguments, and what it returned or threw. For a function that
 * returns a native promise, `call.settled` tells how it settled (see `SpyOptions.settle`).
 *
 * A spy is a patch like any other: it stacks with patches, restores exactly, and costs one small
 * object a call.
 *
 * @example
 * ```ts
 * import { spy } from 'hookline/patch';
 *
 * const math = { add: (a: number, b: number) => a + b };
 * using calls = spy(math, 'add');
 * math.add(1, 2);
 * calls.calls[0]; // { self: math, args: [1, 2], threw: false, result: 3 }
 * ```
 *
 * @throws {TypeError} (with a `code`) on the same refusals as `patch()`; nothing is changed then.
 */
export function spy<T extends object, K extends FunctionKeys<T>>(
  target: T,
  key: K,
  options?: SpyOptions & { readonly accessor?: undefined },
): Spy<NonNullable<T[K]>>;
export function spy<T extends object, K extends keyof T>(
  target: T,
  key: K,
  options: SpyOptions & { readonly accessor: 'get' },
): Spy<() => T[K]>;
export function spy<T extends object, K extends keyof T>(
  target: T,
  key: K,
  options: SpyOptions & { readonly accessor: 'set' },
): Spy<(value: T[K]) => void>;
export function spy(target: object, key: PropertyKey, options?: SpyOptions): Spy {
  // Hookline's own work throughout, checks of the arguments included: a spy on a builtin it uses
  // (Object.keys, an array's iterator) must see the program's calls only.
  return bookkeeping(() => spyUnguarded(target, key, options));
}

function spyUnguarded(target: object, key: PropertyKey, options: SpyOptions | undefined): Spy {
  const call: Call = { name: 'spy', target, key: checkArguments('spy', target, key) };
  const where = 'spy(target, key, options)';
  const record = optionsRecord(
    options,
    where,
    ['accessor', 'settle', 'stack'],
    "spy(api, 'load', { stack: true })",
  );
  const part = checkAccessorOption(call, options?.accessor);
  const recording: SpyRecording = {
    calls: [],
    settle: booleanOption(record, 'settle', where, true),
    stack: booleanOption(record, 'stack', where, false),
  };
  const layer = installWithRefusals(call, {
    part,
    wraps: true,
    check: (own, inherited, read) => checkProperty(call, part, true, own, inherited, read),
    replacement: (layer, original) =>
      createSpyFunction(layer, recording, original as Function, part),
  });
  return new SpyHandle(layer, recording.calls);
}
