import { describeValue, HooklineTypeError, isModuleNamespace } from '../internal/errors.js';
import { invalidOption, optionsRecord } from '../internal/options.js';
import { isPlainPromise } from '../internal/promise-like.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { patch } from '../patch/patch.js';
import type { Patch } from '../patch/types.js';
import { listenerThrew } from './listeners.js';
import { checkInclude, selectKeys } from './select-keys.js';
import type { TraceCallsOptions, TracedCall } from './types.js';

/** Traced calls running now, over every `traceCalls()`: the next one's `depth`. */
let running = 0;

/**
 * Listeners running now, over every `traceCalls()`. A call a listener makes is not traced: a
 * listener that logs while `console.log` is traced, or that calls the method it traces, would
 * otherwise report its own calls and recurse until the stack overflows.
 */
let listening = 0;

/**
 * Wraps the methods of `target` (an object, a module's exports, a class instance or prototype, a
 * class for its static methods) so that each call is reported: `onCall` before the original runs,
 * with the arguments it will get (change `call.args` to change them), then `onReturn` with what it
 * returned or `onThrow` with what it threw — for a promise, when it settles. Built on `patch()`:
 * the Unhook puts every property back exactly, and other patches of the same methods stack.
 *
 * A listener that throws is reported as a `HooklineWarning` and the call goes on. The calls a
 * listener makes (synchronously) are not traced, by this or any other `traceCalls()`: tracing
 * `console.log` with a listener that logs reports the program's calls, not the listener's.
 *
 * @example
 * ```ts
 * import fs from 'node:fs';
 * import { traceCalls } from 'hookline/trace';
 *
 * using _ = traceCalls(fs, {
 *   include: /^read/,
 *   onCall: (call) => console.log(' '.repeat(call.depth), call.name, call.args[0]),
 * });
 * fs.readFileSync('package.json'); // logs " readFileSync package.json"
 * ```
 *
 * @throws {TypeError} (with a `code`) when `target` is not an object or is an ES module namespace,
 * `include` is none of its forms, a name in an `include` array is not a method of `target`, or a
 * selected method cannot be patched (see `patch()`); nothing is changed then.
 */
export function traceCalls(target: object, options: TraceCallsOptions = {}): Unhook {
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'traceCalls(target, options)',
      expected: 'an object or a function whose methods to trace',
      received: describeValue(target),
      fix: 'Pass the object that holds the methods, e.g. traceCalls(fs, { include: ["readFileSync"] }).',
    });
  }
  if (isModuleNamespace(target)) {
    // Said here, in traceCalls' words: patch() would refuse the first export it was given.
    throw new HooklineTypeError('ERR_HOOKLINE_MODULE_NAMESPACE', {
      where: 'traceCalls(target, options)',
      expected: 'an object whose methods can be wrapped',
      received:
        'an ES module namespace (import * as ns), whose exports are read-only live bindings',
      fix: "Pass the object the module exports: its default export (for a builtin, import path from 'node:path', which its named imports follow), or a class or object it exports.",
    });
  }
  checkOptions(options);
  checkInclude(target, options.include);
  const reported = new Set<string>();
  const patches: Patch[] = [];
  const undo = () => {
    for (const each of patches.reverse()) each.restore();
    patches.length = 0;
  };
  const named = Array.isArray(options.include);
  const refusals: unknown[] = [];
  for (const name of selectKeys(target, options.include)) {
    try {
      patches.push(
        patch(target as Record<string, unknown>, name, (original, self, args, newTarget) =>
          traced(name, original as Function, self, args, newTarget, options, reported),
        ),
      );
    } catch (error) {
      // A method that cannot be patched (non-configurable and read-only) is left out of a pattern
      // or of "all"; one asked for by name, or a target none of whose methods can be, is refused.
      refusals.push(error);
      if (named) break;
    }
  }
  if (refusals.length > 0 && (named || patches.length === 0)) {
    undo();
    throw refusals[0];
  }
  return createUnhook(undo);
}

function traced(
  name: string,
  original: Function,
  self: unknown,
  args: unknown[],
  newTarget: Function | undefined,
  options: TraceCallsOptions,
  reported: Set<string>,
): unknown {
  if (listening > 0) {
    return newTarget === undefined
      ? Reflect.apply(original, self, args)
      : Reflect.construct(original, args, newTarget);
  }
  const call: TracedCall = { name, self, args, depth: running, startedAt: performance.now() };
  report('onCall', options, reported, call);
  running += 1;
  let result: unknown;
  try {
    result =
      newTarget === undefined
        ? Reflect.apply(original, self, call.args)
        : Reflect.construct(original, call.args, newTarget);
  } catch (error) {
    running -= 1;
    report('onThrow', options, reported, call, error);
    throw error;
  }
  running -= 1;
  if (isPlainPromise(result) && (options.onReturn || options.onThrow)) {
    // The caller gets the promise that reports, not the original: a handler attached to the
    // original would count as handling it, and a rejection nobody handles must still be reported
    // by Node as unhandled.
    return Promise.prototype.then.call(
      result,
      (value: unknown) => {
        report('onReturn', options, reported, call, value);
        return value;
      },
      (error: unknown) => {
        report('onThrow', options, reported, call, error);
        throw error;
      },
    );
  }
  report('onReturn', options, reported, call, result);
  return result;
}

/**
 * Hands `call` (and what it returned or threw) to the listener `kind`, if one was given. Runs at
 * every traced call: the warning's text is made only when a listener throws.
 */
const listenerNames = ['onCall', 'onReturn', 'onThrow'] as const;

/** Refuses a misspelt option (`{ onCal }`, which would trace nothing) and a listener that is not a function. */
function checkOptions(options: TraceCallsOptions): void {
  const where = 'traceCalls(target, options)';
  const record = optionsRecord(
    options,
    where,
    ['include', ...listenerNames],
    '{ include: ["readFileSync"], onCall: (call) => … }',
  );
  for (const name of listenerNames) {
    const listener = record[name];
    if (listener !== undefined && typeof listener !== 'function') {
      throw invalidOption(
        `traceCalls(target, { ${name} })`,
        'a function, or nothing',
        listener,
        `Give ${name} a function, or leave it out.`,
      );
    }
  }
}

function report(
  kind: 'onCall' | 'onReturn' | 'onThrow',
  options: TraceCallsOptions,
  reported: Set<string>,
  call: TracedCall,
  outcome?: unknown,
): void {
  const listener = options[kind] as ((call: TracedCall, outcome?: unknown) => void) | undefined;
  if (listener === undefined) return;
  listening += 1;
  try {
    if (kind === 'onCall') listener(call);
    else listener(call, outcome);
  } catch (error) {
    listenerThrew(reported, `a traceCalls ${kind} listener (${call.name})`, error);
  } finally {
    listening -= 1;
  }
}
