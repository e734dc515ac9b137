import { isThenable } from '../internal/promise-like.js';
import { warnNow } from '../internal/warning.js';
import { ExitRequest, withExitRequests } from './exit-request.js';

/** One `onExit` registration: the function, what it is called with, and whether it still counts. */
export interface ExitHandler {
  readonly fn: (...args: never[]) => unknown;
  readonly args: readonly unknown[];
  active: boolean;
}

/** The handlers not run yet, in the order they were added: they run from the end. */
const pending: ExitHandler[] = [];

/** Adds `handler` to those that run as the process ends. */
export function addExitHandler(handler: ExitHandler): void {
  pending.push(handler);
}

/** Takes `handler` out; whether any handler is left to run. */
export function removeExitHandler(handler: ExitHandler): boolean {
  handler.active = false;
  const at = pending.indexOf(handler);
  if (at !== -1) pending.splice(at, 1);
  return pending.length > 0;
}

/** Whether a handler is waiting to run. */
export function exitHandlersPending(): boolean {
  return pending.length > 0;
}

/**
 * The exit code the program ends with, whatever a handler sets `process.exitCode` to, before or
 * after an `await`: the one it had as the handlers began to run, or the one a handler's
 * `process.exit(code)` chose as the process exits (see exit-request.ts).
 */
let keptCode: typeof process.exitCode;

/**
 * Puts back the exit code the program ends with (see {@link keptCode}): after each handler's
 * synchronous part, as its promise settles, and before an end that does not wait for a handler.
 */
export function keepExitCode(): void {
  process.exitCode = keptCode;
}

/**
 * Runs every handler left, last added first, as a process ending by `how` (`process.exit()`, an
 * uncaught exception) does: without waiting for a promise one returns, since Node ends the process
 * as soon as the `exit` event's listeners return. A handler that calls `process.exit(code)` ends
 * there; the others still run, and the process exits with that code (see exit-request.ts).
 */
export function runExitHandlersNow(how: string, timedOut = false): void {
  keptCode = process.exitCode;
  const request = withExitRequests(() => runEachNow(how, timedOut));
  if (request === undefined || request.code === undefined || request.code === null) return;
  try {
    process.exitCode = request.code as number;
    keptCode = process.exitCode;
  } catch (error) {
    warnNow(
      `an onExit handler called process.exit(${String(request.code)}), which is no exit code; the program exits with ${process.exitCode ?? 0}`,
      error,
    );
  }
}

function runEachNow(how: string, timedOut: boolean): void {
  for (let handler = pending.pop(); handler !== undefined; handler = pending.pop()) {
    if (call(handler, how) === undefined) continue;
    const why = timedOut
      ? 'the time the end waits is up'
      : 'Node does not wait for it. Do the work synchronously, or let the program end by its event loop emptying or by a signal, where the end waits';
    warnNow(
      `an onExit handler (${nameOf(handler)}) returned a promise as the program ends by ${how}, which is not waited for, so only what it did before its first await ran: ${why}`,
    );
  }
}

/**
 * Runs every handler left, last added first, waiting for the promise each returns — for a process
 * that ends as its event loop empties, or by a signal — for `timeoutMs` in all: past it, the
 * handlers left run without being waited for: false then, true when every handler finished.
 */
export async function runExitHandlers(how: string, timeoutMs: number): Promise<boolean> {
  keptCode = process.exitCode;
  const deadline = Date.now() + timeoutMs;
  for (let handler = pending.pop(); handler !== undefined; handler = pending.pop()) {
    const settling = call(handler, how);
    if (settling === undefined) continue;
    const left = deadline - Date.now();
    if (left > 0 && (await settlesWithin(settling, left))) continue;
    warnNow(
      `an onExit handler (${nameOf(handler)}) did not finish within the ${timeoutMs} ms the program's end waits; it ends without it. Set HOOKLINE_EXIT_TIMEOUT (milliseconds) to wait longer`,
    );
    keepExitCode();
    runExitHandlersNow(how, true);
    return false;
  }
  return true;
}

/**
 * Calls one handler with its arguments: undefined once it is done, or, where it returns a promise,
 * one that resolves as that promise settles. The exit code the program had is kept whatever the
 * handler does to `process.exitCode`, and a handler that throws or rejects is reported while the
 * others still run.
 */
function call(handler: ExitHandler, how: string): Promise<void> | undefined {
  if (!handler.active) return undefined;
  handler.active = false;
  let returned: unknown;
  try {
    returned = Reflect.apply(handler.fn, undefined, handler.args);
  } catch (error) {
    if (!(error instanceof ExitRequest)) {
      warnNow(
        `an onExit handler (${nameOf(handler)}) threw as the program ends by ${how}; the others still run`,
        error,
      );
    }
    return undefined;
  } finally {
    keepExitCode();
  }
  return isThenable(returned) ? settled(returned, handler, how) : undefined;
}

/**
 * Resolves as `promise` settles, with the exit code put back (the handler may have set it after an
 * `await`) and a rejection reported, as a throw is.
 */
function settled(promise: PromiseLike<unknown>, handler: ExitHandler, how: string): Promise<void> {
  return new Promise((resolve) => {
    const settle = (error?: unknown, failed = false) => {
      keepExitCode();
      // An async handler's process.exit(code) before its first await: recorded, as a throw's is.
      if (failed && !(error instanceof ExitRequest)) reportRejection(handler, error, how);
      resolve();
    };
    try {
      promise.then(
        () => settle(),
        (error: unknown) => settle(error, true),
      );
    } catch (error) {
      settle(error, true);
    }
  });
}

/** Whether `settling` settles within `ms`. */
function settlesWithin(settling: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    // This timer is what keeps the event loop alive while a handler waits for nothing else.
    const timer = setTimeout(() => resolve(false), ms);
    void settling.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function reportRejection(handler: ExitHandler, error: unknown, how: string): void {
  warnNow(
    `an onExit handler (${nameOf(handler)}) failed as the program ends by ${how}; the others still run`,
    error,
  );
}

function nameOf(handler: ExitHandler): string {
  return handler.fn.name ? `function ${handler.fn.name}` : 'an anonymous function';
}

/** Default wait for the handlers of a program ending by a signal or as its event loop empties. */
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * How long the program's end waits for its handlers' promises: `HOOKLINE_EXIT_TIMEOUT`
 * milliseconds, read as the process ends (a program may set it late), else 10 seconds.
 */
export function exitTimeoutMs(): number {
  const text = process.env['HOOKLINE_EXIT_TIMEOUT'];
  if (text === undefined || text === '') return DEFAULT_TIMEOUT_MS;
  const ms = Number(text);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  warnNow(
    `HOOKLINE_EXIT_TIMEOUT is ${JSON.stringify(text)}, which is no number of milliseconds; the program's end waits ${DEFAULT_TIMEOUT_MS} ms for onExit handlers. Set it to a number such as 5000`,
  );
  return DEFAULT_TIMEOUT_MS;
}
