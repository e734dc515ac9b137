import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { booleanOption, optionsRecord } from '../internal/options.js';
import { onOwnExit } from '../internal/own-exit.js';
import { plainValue } from '../internal/plain-value.js';
import { originalPosition } from '../internal/source-map.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { setPauseState } from './inspector-link.js';
import { type ExceptionRecord, type PauseState, TAKE_KEY } from './inspector-protocol.js';
import { callListener } from './listeners.js';
import type { ExceptionEvent, OnExceptionOptions } from './types.js';

/** How much of each local variable is copied: three levels, 50 entries an object. */
const LOCALS = { depth: 3, entries: 50 } as const;

interface Registration {
  readonly listener: (event: ExceptionEvent) => void;
  readonly caught: boolean;
  readonly locals: boolean;
}

interface Taken {
  readonly error: unknown;
  readonly record: ExceptionRecord;
  readonly locals: Record<string, unknown> | undefined;
  /** The listeners on at the throw: an Unhook before the report's tick does not lose it. */
  readonly to: readonly Registration[];
}

const registrations = new Set<Registration>();
const reported = new Set<string>();
/** Exceptions handed over by the worker, not yet delivered. */
const queue: Taken[] = [];
let scheduled = false;
/** Set while listeners run: what they throw (and catch) is theirs, not the program's. */
let delivering = false;
const takeKey = Symbol.for(TAKE_KEY);
/** Undoes the delivery at exit of the reports still waiting for their tick. */
let deliveryAtExit: (() => void) | undefined;

/**
 * Reports every exception thrown in the main thread — even one a `try` catches, unless
 * `caught: false` — with where it was thrown and, with `locals: true`, the throwing function's
 * local variables (JSON-able copies). The inspector pauses the program at each throw for a worker
 * thread to read it, and resumes it at once; `listener` is called on the main thread on the next
 * tick after the throw (after the synchronous code running then; for an uncaught exception,
 * before the process ends), also when the Unhook ran in between (as `using` does at the end of a
 * block): what was thrown while it was on is its. Exceptions thrown and caught inside Node's own
 * code or hookline's, and those thrown while a listener runs, are not reported. A listener that
 * throws is reported as a `HooklineWarning`.
 *
 * @example
 * ```ts
 * import { onException } from 'hookline/trace';
 *
 * using _ = onException(({ error, caught, location, locals }) => {
 *   console.error(`${caught ? 'caught' : 'uncaught'} ${error} at ${location.file}:${location.line}`, locals);
 * }, { locals: true });
 * try { JSON.parse('{'); } catch {} // reported: caught SyntaxError … with the frame's locals
 * ```
 *
 * @throws {Error} `ERR_HOOKLINE_INSPECTOR_UNAVAILABLE` when the inspector cannot be reached from a
 * worker thread (the permission model without `--allow-inspector` and `--allow-worker`, a Node
 * built without the inspector), or when it is called in a worker thread, whose own exceptions no
 * thread can watch.
 */
export function onException(
  listener: (event: ExceptionEvent) => void,
  options: OnExceptionOptions = {},
): Unhook {
  if (typeof listener !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_NOT_A_FUNCTION', {
      where: 'onException(listener, options)',
      expected: 'a function to call with each exception',
      received: describeValue(listener),
      fix: 'Pass a listener: onException(({ error, location }) => …).',
    });
  }
  const where = 'onException(listener, options)';
  const record = optionsRecord(options, where, ['caught', 'locals'], '{ caught: false }');
  const registration: Registration = {
    listener,
    caught: booleanOption(record, 'caught', where, true),
    locals: booleanOption(record, 'locals', where, false),
  };
  const first = registrations.size === 0;
  registrations.add(registration);
  if (first) listenToEnd();
  try {
    update();
  } catch (error) {
    registrations.delete(registration);
    if (registrations.size === 0) stopListening();
    throw error;
  }
  return createUnhook(() => {
    registrations.delete(registration);
    if (registrations.size === 0) stopListening();
    update();
  });
}

/** Has V8 pause for what the listeners want: every exception if one wants caught ones. */
function update(): void {
  let state: PauseState = 'none';
  let locals = false;
  for (const each of registrations) {
    state = each.caught ? 'all' : state === 'all' ? 'all' : 'uncaught';
    locals ||= each.locals;
  }
  setPauseState(state, locals, 'onException(listener, options)');
}

/**
 * What the worker calls while the program is paused at a throw. It must be quick and must not
 * throw: the program waits for it. The locals are copied now, as the frame goes away after.
 */
function take(error: unknown, record: ExceptionRecord, scopes: readonly object[]): void {
  if (delivering || registrations.size === 0) return;
  let locals: Record<string, unknown> | undefined;
  if (scopes.length > 0) {
    locals = {};
    for (const scope of scopes) {
      for (const name of Object.keys(scope)) {
        // The innermost scope's variable wins over one it shadows; `__proto__` is a name too.
        if (Object.hasOwn(locals, name)) continue;
        const value = plainValue((scope as Record<string, unknown>)[name], LOCALS);
        Object.defineProperty(locals, name, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
  }
  queue.push({ error, record, locals, to: [...registrations] });
  if (!scheduled) {
    scheduled = true;
    process.nextTick(deliver);
  }
}

function deliver(): void {
  scheduled = false;
  delivering = true;
  try {
    for (let taken = queue.shift(); taken !== undefined; taken = queue.shift()) {
      const { error, record, locals, to } = taken;
      // Mapped here, not in take(): the program is paused there, and reading a map takes time.
      const { file, line, column } = originalPosition(record.file, record.line, record.column);
      for (const each of to) {
        if (record.caught && !each.caught) continue;
        const event: ExceptionEvent = {
          error,
          caught: record.caught,
          location: { file, line, column, functionName: record.functionName },
          time: record.time,
          ...(each.locals && locals !== undefined ? { locals } : {}),
        };
        callListener(reported, 'an onException listener', each.listener, event);
      }
    }
  } finally {
    delivering = false;
  }
}

/** An uncaught exception ends the program before the next tick: its report is delivered now. */
function deliverNow(): void {
  if (queue.length > 0) deliver();
}

function listenToEnd(): void {
  Object.defineProperty(globalThis, takeKey, { value: take, configurable: true });
  process.on('uncaughtExceptionMonitor', deliverNow);
  deliveryAtExit ??= onOwnExit(() => {
    deliveryAtExit = undefined;
    deliverNow();
  });
}

function stopListening(): void {
  delete (globalThis as Record<symbol, unknown>)[takeKey];
  process.off('uncaughtExceptionMonitor', deliverNow);
  // Reports taken before the Unhook still wait for their tick: a process.exit() before it
  // must not lose them.
  if (queue.length > 0) return;
  deliveryAtExit?.();
  deliveryAtExit = undefined;
}
