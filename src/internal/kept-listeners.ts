// hookline's own listeners of the process's end ('exit', 'beforeExit') are taken away with the
// program's by a program, or a tool it runs, that calls `process.removeAllListeners('exit')`.
// Node tells of each listener taken away ('removeListener'), so their owners hear of it and put
// back what they need — without patching anything. `process.removeAllListeners()` with no event
// takes the 'removeListener' listeners as well, and then clears every event at once: once the
// synchronous code that did it has returned, each watched listener that is gone is told of again.

interface Watched {
  readonly event: string;
  readonly taken: () => void;
}

const watched = new Map<unknown, Watched>();
let recheckQueued = false;

/**
 * Calls `taken` whenever `listener` is taken off the process's `event` by someone else, so that
 * its owner can put it (or what it does) back. Returns the way to stop watching: call it before
 * the owner takes the listener off itself.
 *
 * @example
 * ```ts
 * process.on('exit', onEnd);
 * const unwatch = whenTakenAway('exit', onEnd, () => process.on('exit', onEnd));
 * ```
 */
export function whenTakenAway(event: string, listener: unknown, taken: () => void): () => void {
  if (watched.size === 0) process.on('removeListener', onRemoved);
  const entry = { event, taken };
  watched.set(listener, entry);
  return () => {
    if (watched.get(listener) !== entry) return;
    watched.delete(listener);
    if (watched.size === 0) process.removeListener('removeListener', onRemoved);
  };
}

function onRemoved(event: string | symbol, listener: unknown): void {
  const entry = watched.get(listener);
  if (entry === undefined || entry.event !== event) return;
  // Put back while Node takes the listeners away, a listener stays: Node goes over the ones it had.
  entry.taken();
  queueRecheck();
}

function queueRecheck(): void {
  if (recheckQueued) return;
  recheckQueued = true;
  queueMicrotask(() => {
    recheckQueued = false;
    if (watched.size === 0) return;
    const emitter: NodeJS.EventEmitter = process;
    if (!emitter.listeners('removeListener').includes(onRemoved)) {
      process.on('removeListener', onRemoved);
    }
    for (const [listener, { event, taken }] of watched) {
      if (!emitter.listeners(event).includes(listener as never)) taken();
    }
  });
}
