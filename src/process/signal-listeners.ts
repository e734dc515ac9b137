// Who listens for an ending signal, asked by onExit's own signal listener as the signal comes: the
// program (its listener then decides what the signal does), signal-exit, or onExit itself — this
// copy of hookline, or another one loaded in the same process (two versions in node_modules, or
// one bundled into a dependency).

/**
 * Marks onExit's signal listeners, on the function itself, with a key every copy of hookline
 * shares: each copy then knows the others' listeners for what they are, not for the program's.
 */
const onExitListenerKey = Symbol.for('hookline.process.onExitSignalListener');

/**
 * Listens for each of `signals` with `listener`, marked as onExit's, ahead of the program's
 * listeners; returns the way to stop. A listener registered with `process.once()` (a server's
 * graceful shutdown, as often as not) is taken off just before Node calls it: a listener behind it
 * would find it gone, and take the program for one that does not listen. Ahead of it, `listener`
 * sees every listener the signal is about to reach. A listener the program puts ahead later
 * (`process.prependListener()`) is passed again before any signal can come: signals are delivered
 * from the event loop, not while the program's code runs.
 */
export function listenFirst(
  signals: readonly NodeJS.Signals[],
  listener: (signal: NodeJS.Signals) => void,
): SignalListening {
  // One listener a signal. Node emits a signal that came with its name as the argument; a
  // program's own `process.emit('SIGTERM')` (a test's way to try its graceful shutdown) passes
  // none, and ends nothing without hookline: the program's listeners run, and onExit waits for
  // the process's end as it did.
  const bySignal = new Map<NodeJS.Signals, (received?: unknown) => void>();
  for (const signal of signals) {
    const forSignal = (received?: unknown) => {
      if (received === signal) listener(signal);
    };
    Object.defineProperty(forSignal, onExitListenerKey, { value: true, configurable: true });
    bySignal.set(signal, forSignal);
  }
  // Room for them: a program at the limit of listeners (10 by default) is not warned of a leak
  // for listeners it did not add.
  const roomMade = makeRoom(1);
  for (const [signal, forSignal] of bySignal) process.prependListener(signal, forSignal);
  let queued = false;
  let listening = true;
  const keepAll = () => {
    if (listening) for (const [signal, forSignal] of bySignal) keepAhead(signal, forSignal);
  };
  const onNewListener = (event: string | symbol) => {
    if (queued || !bySignal.has(event as NodeJS.Signals)) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      keepAll();
    });
  };
  process.on('newListener', onNewListener);
  return {
    stop() {
      listening = false;
      process.removeListener('newListener', onNewListener);
      for (const [signal, forSignal] of bySignal) process.removeListener(signal, forSignal);
      roomMade();
    },
    // A program's removeAllListeners(signal) took them: a handler added since listens again.
    restore() {
      if (!listening) return;
      for (const [signal, forSignal] of bySignal) {
        if (!process.rawListeners(signal).includes(forSignal))
          process.prependListener(signal, forSignal);
      }
    },
  };
}

/** What {@link listenFirst} returns. */
export interface SignalListening {
  /** Takes the listeners out. */
  stop(): void;
  /** Puts back those a program took away. */
  restore(): void;
}

/**
 * Raises the process's limit of listeners an event may have before Node warns of a leak by
 * `count` (where there is a limit), and returns the way to lower it again, unless the program
 * set a limit of its own since.
 */
function makeRoom(count: number): () => void {
  const limit = process.getMaxListeners();
  if (limit === 0 || !Number.isFinite(limit)) return () => {};
  process.setMaxListeners(limit + count);
  return () => {
    if (process.getMaxListeners() === limit + count) process.setMaxListeners(limit);
  };
}

/**
 * Puts `listener` back at the head of `signal`'s listeners where one of the program's is ahead of
 * it. Another copy's onExit listener may stay ahead: both see the same listeners, and each moving
 * ahead of the other would never end.
 */
function keepAhead(signal: NodeJS.Signals, listener: (received?: unknown) => void): void {
  const listeners = process.rawListeners(signal);
  const at = listeners.indexOf(listener);
  if (at === -1 || listeners.slice(0, at).every(isOnExitListener)) return;
  process.removeListener(signal, listener);
  process.prependListener(signal, listener);
}

function isOnExitListener(listener: unknown): boolean {
  return (
    typeof listener === 'function' &&
    (listener as unknown as Record<symbol, unknown>)[onExitListenerKey] === true
  );
}

/**
 * Whether the program listens for `signal`: a listener that is neither onExit's (of any copy of
 * hookline) nor signal-exit's. signal-exit (which many tools bring: write-file-atomic, execa,
 * foreground-child, …) runs its handlers and raises the signal again only where every listener is
 * its own: it takes onExit's for the program's, as onExit would take its for the program's, and
 * neither would end the process. So its listeners count as what they are, exit hooks: onExit's
 * handlers run first, then the signal raised again finds signal-exit's alone, which run theirs and
 * end the process. Asked from onExit's listener as the signal comes, ahead of the program's (see
 * {@link listenFirst}): a `once` listener is still there.
 */
export function programListensFor(signal: NodeJS.Signals): boolean {
  const others = process.rawListeners(signal).filter((listener) => !isOnExitListener(listener));
  return others.length - signalExitListeners() > 0;
}

/**
 * Whether onExit's listener of another copy of hookline still listens for `signal` (this copy's
 * taken out): that copy is still running its handlers for the signal, and raises it again itself.
 */
export function otherOnExitListensFor(signal: NodeJS.Signals): boolean {
  return process.rawListeners(signal).some(isOnExitListener);
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
