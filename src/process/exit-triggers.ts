import { debug } from '../internal/debuglog.js';
import { whenTakenAway } from '../internal/kept-listeners.js';
import {
  exitHandlersPending,
  exitTimeoutMs,
  keepExitCode,
  runExitHandlers,
  runExitHandlersNow,
} from './exit-handlers.js';
import {
  listenFirst,
  otherOnExitListensFor,
  programListensFor,
  type SignalListening,
} from './signal-listeners.js';

/** The signals whose default action ends the process, that `onExit` handlers run for. */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

let watching = false;
/** A run that waits for promises is under way (the loop emptied, or a signal came). */
let waiting = false;
/** A signal is ending the process: a second one ends it at once. */
let endingSignal: NodeJS.Signals | undefined;

/**
 * Starts listening for the ways a process ends, while `onExit` handlers wait to run. A listener
 * for a signal replaces Node's default action (ending the process), so they are added only now,
 * and taken out with the last handler ({@link stopWatchingExit}).
 */
export function watchExit(): void {
  if (watching) {
    signalListening?.restore();
    return;
  }
  watching = true;
  process.on('beforeExit', onEventLoopEmpty);
  process.on('exit', onExitEvent);
  signalListening = listenFirst(ENDING_SIGNALS, onSignal);
  keepListening();
  debug('onExit: watching the end of the process');
}

/** The signal listeners (see signal-listeners.ts), while watching. */
let signalListening: SignalListening | undefined;

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
  signalListening?.stop();
  signalListening = undefined;
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
 * An ending signal came. Where the program listens for it too (a listener there as the signal
 * came, `once` ones included), it decides what the signal does, and the handlers wait for the
 * process's end. Else they run, and are waited for; then the signal is raised again with
 * hookline's listeners gone, so that the process ends by it, as it would have without them (its
 * parent sees the signal, not an exit code). A second signal while they run ends the process at
 * once.
 */
function onSignal(signal: NodeJS.Signals): void {
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

/**
 * Ends the process by `signal`, raised again with this copy's listeners out. Where another copy of
 * hookline loaded in the process still runs its handlers for the signal, the end is left to it:
 * the signal raised now would reach its listener as a second signal, and end the process before
 * its handlers are done. The last copy to finish raises it.
 */
function endBy(signal: NodeJS.Signals): void {
  stopWatchingExit();
  if (otherOnExitListensFor(signal)) {
    debug(
      'onExit: another copy of hookline still runs its handlers for %s; it ends the process',
      signal,
    );
    return;
  }
  process.kill(process.pid, signal);
}
