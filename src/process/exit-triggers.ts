import { debug } from '../internal/debuglog.js';
import { whenTakenAway } from '../internal/kept-listeners.js';
import {
  exitHandlersPending,
  exitTimeoutMs,
  keepExitCode,
  runExitHandlers,
  runExitHandlersNow,
} from './exit-handlers.js';

/** The signals whose default action ends the process, that `onExit` handlers run for. */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type EndingSignal = (typeof ENDING_SIGNALS)[number];

let watching = false;
/** A run that waits for promises is under way (the loop emptied, or a signal came). */
let waiting = false;
/** A signal is ending the process: a second one ends it at once. */
let endingSignal: EndingSignal | undefined;

/**
 * Starts listening for the ways a process ends, while `onExit` handlers wait to run. A listener
 * for a signal replaces Node's default action (ending the process), so they are added only now,
 * and taken out with the last handler ({@link stopWatchingExit}).
 */
export function watchExit(): void {
  if (watching) return;
  watching = true;
  process.on('beforeExit', onEventLoopEmpty);
  process.on('exit', onExitEvent);
  for (const signal of ENDING_SIGNALS) process.on(signal, onSignal);
  keepListening();
  debug('onExit: watching the end of the process');
}

/** Stops hearing of hookline's listeners of the process's end taken away. */
let unwatchTaken: (() => void)[] = [];

/**
 * A program, or a tool it runs, that takes every listener of 'exit' or 'beforeExit' away
 * (`process.removeAllListeners('exit')`) takes hookline's too, and the handlers would never run:
 * each is put back as it is taken (see internal/kept-listeners.ts), after the program's listeners.
 */
function keepListening(): void {
  const exitTaken = () => process.on('exit', onExitEvent);
  const beforeExitTaken = () => process.on('beforeExit', onEventLoopEmpty);
  unwatchTaken = [
    whenTakenAway('exit', onExitEvent, exitTaken),
    whenTakenAway('beforeExit', onEventLoopEmpty, beforeExitTaken),
  ];
}

/** Stops listening: no handler is left, and a signal ends the process as it would without them. */
export function stopWatchingExit(): void {
  if (!watching) return;
  watching = false;
  for (const unwatch of unwatchTaken) unwatch();
  unwatchTaken = [];
  process.removeListener('beforeExit', onEventLoopEmpty);
  process.removeListener('exit', onExitEvent);
  for (const signal of ENDING_SIGNALS) process.removeListener(signal, onSignal);
}

/**
 * The event loop emptied (`beforeExit`): the handlers run, and are waited for, before it ends.
 * What they start keeps the loop going until it is done, as in any program; but a handler given up
 * on at the timeout may be waiting on work that never ends (a connection that stays open), so the
 * process then exits, with the code it had.
 */
function onEventLoopEmpty(): void {
  if (waiting || !exitHandlersPending()) return;
  waiting = true;
  void runExitHandlers('its event loop emptying', exitTimeoutMs()).then((finished) => {
    waiting = false;
    if (!finished && endingSignal === undefined) {
      // A handler given up on may have set process.exitCode since.
      keepExitCode();
      process.exit();
    }
    if (!exitHandlersPending() && endingSignal === undefined) stopWatchingExit();
  });
}

/**
 * The process is exiting (`process.exit()`, an uncaught error, or the event loop's end after the
 * handlers ran): whatever handlers are left run now, as nothing can be waited for.
 */
function onExitEvent(): void {
  runExitHandlersNow('process.exit() or an uncaught error');
  stopWatchingExit();
}

/**
 * An ending signal came. Where the program listens for it too, it decides what the signal does,
 * and the handlers wait for the process's end. Else they run, and are waited for; then the signal
 * is raised again with hookline's listeners gone, so that the process ends by it, as it would have
 * without them (its parent sees the signal, not an exit code). A second signal while they run
 * ends the process at once.
 */
function onSignal(signal: EndingSignal): void {
  if (endingSignal !== undefined) {
    endBy(signal);
    return;
  }
  if (programListensFor(signal)) {
    debug('onExit: the program listens for %s itself; the handlers wait for its end', signal);
    return;
  }
  endingSignal = signal;
  void runExitHandlers(`the signal ${signal}`, exitTimeoutMs()).finally(() => endBy(signal));
}

function endBy(signal: EndingSignal): void {
  stopWatchingExit();
  process.kill(process.pid, signal);
}

/**
 * Whether a listener other than hookline's, and other than signal-exit's, listens for `signal`.
 * signal-exit (which many tools bring: write-file-atomic, execa, foreground-child, …) runs its
 * handlers and raises the signal again only where every listener is its own: it takes hookline's
 * for the program's, as hookline would take its for the program's, and neither would end the
 * process. So its listeners count as what they are, exit hooks: hookline's handlers run first,
 * then the signal raised again finds signal-exit's alone, which run theirs and end the process.
 */
function programListensFor(signal: EndingSignal): boolean {
  return process.listenerCount(signal) - 1 - signalExitListeners() > 0;
}

/** How many listeners signal-exit keeps for each signal (versions 3 and 4; one per copy loaded). */
function signalExitListeners(): number {
  const v3 = (process as { __signal_exit_emitter__?: { count?: unknown } }).__signal_exit_emitter__;
  const v4 = (globalThis as Record<symbol, { count?: unknown } | undefined>)[
    Symbol.for('signal-exit emitter')
  ];
  return countOf(v3) + countOf(v4);
}

function countOf(emitter: { count?: unknown } | undefined): number {
  return typeof emitter?.count === 'number' ? emitter.count : 0;
}
