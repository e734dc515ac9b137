import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { addExitHandler, type ExitHandler, removeExitHandler } from './exit-handlers.js';
import { stopWatchingExit, watchExit } from './exit-triggers.js';

/**
 * Runs `fn(...args)` once as the process ends — Python's `atexit.register`, for every way a Node
 * program ends: its event loop emptying, `process.exit()`, an uncaught exception or unhandled
 * rejection, and the signals SIGINT, SIGTERM and SIGHUP. Handlers run last added first. One that
 * throws (or whose promise rejects) is reported as a `HooklineWarning` and the others still run;
 * the exit code the program would have had is kept whatever a handler does to
 * `process.exitCode`, before or after an `await`, unless a handler calls `process.exit(code)`: that ends the handler, the
 * others still run, and the process exits with `code`. A program ended by a signal still ends by
 * it (its parent sees the signal, not an exit code).
 *
 * A promise a handler returns is waited for where Node lets the end wait: when the event loop
 * empties and on a signal, for `HOOKLINE_EXIT_TIMEOUT` milliseconds in all (10 seconds unless
 * set); past that, or on a second signal, the program ends. `process.exit()` and uncaught errors
 * end the process as soon as the `exit` event's listeners return: there, only what a handler does
 * before its first `await` runs, and a warning says so. Where the program listens for a signal
 * itself (`process.on()` or `process.once()`, before or after this call), that listener decides
 * what the signal does, and the handlers wait for the end. Copies of hookline loaded side by side
 * each run their own handlers, and a signal still ends the process once all are done.
 *
 * @example
 * ```ts
 * import { onExit } from 'hookline/process';
 * const unhook = onExit((reason: string) => console.log('bye:', reason), 'done');
 * onExit(async () => {
 *   await server.close(); // waited for when the loop empties or a signal comes
 * });
 * unhook(); // the first one no longer runs
 * ```
 */
export function onExit<Args extends unknown[]>(
  fn: (...args: Args) => unknown,
  ...args: Args
): Unhook {
  if (typeof fn !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_NOT_A_FUNCTION', {
      where: 'onExit(fn, ...args)',
      expected: 'a function to run as the process ends',
      received: describeValue(fn),
      fix: 'Pass the function itself, and its arguments after it: onExit(cleanup, "reason").',
    });
  }
  const handler: ExitHandler = { fn: fn as (...args: never[]) => unknown, args, active: true };
  addExitHandler(handler);
  watchExit();
  return createUnhook(() => {
    if (!removeExitHandler(handler)) stopWatchingExit();
  });
}
