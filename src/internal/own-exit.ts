import { debug } from './debuglog.js';

// hookline's own work at the process's end — delivering the last exception reports and warnings,
// letting go of the inspector, removing its temporary files, writing its code cache — is done in
// 'exit' listeners. A program, or a tool it runs, that takes every 'exit' listener away
// (`process.removeAllListeners('exit')`) would take these too: reports lost, "Waiting for the
// debugger to disconnect..." on stderr, a socket folder left behind. Node tells of each listener
// taken away ('removeListener'), so hookline puts back one listener that does the work of those
// taken, in the order it was asked for. Nothing is patched for it.

interface Work {
  /** The 'exit' listener that does it where the program leaves it. */
  readonly listener: () => void;
  readonly run: () => void;
  /** Its listener was taken away by someone else: {@link doLostWork} does it. */
  lost: boolean;
}

/** The work not yet done, in the order it was asked for. */
const pending = new Set<Work>();
const byListener = new Map<unknown, Work>();
let watching = false;
let recheckQueued = false;

/**
 * Runs `run` once as the process exits (its 'exit' event), where a listener added now would,
 * even if the program takes every 'exit' listener away before then; a `run` that throws is
 * logged (`NODE_DEBUG=hookline`) and ends nothing. Returns the undo: `run` will not be called.
 *
 * @example
 * ```ts
 * const forget = onOwnExit(() => rmSync(folder, { recursive: true, force: true }));
 * forget(); // the folder was removed already
 * ```
 */
export function onOwnExit(run: () => void): () => void {
  const work: Work = { listener: () => doWork(work), run, lost: false };
  pending.add(work);
  byListener.set(work.listener, work);
  watch();
  process.on('exit', work.listener);
  return () => {
    if (forget(work)) process.removeListener('exit', work.listener);
  };
}

/** Whether `work` was still to be done; it is not any more. */
function forget(work: Work): boolean {
  if (!pending.delete(work)) return false;
  byListener.delete(work.listener);
  if (pending.size === 0) unwatch();
  return true;
}

function doWork(work: Work): void {
  if (!forget(work)) return;
  // Its own listener goes, so that an 'exit' emitted twice does not do it twice.
  if (!work.lost) process.removeListener('exit', work.listener);
  try {
    work.run();
  } catch (error) {
    debug(
      'work at exit failed: %s',
      error instanceof Error ? (error.stack ?? error.message) : error,
    );
  }
}

/** The 'exit' listener put back for the work whose listeners were taken away, done in order. */
function doLostWork(): void {
  for (const work of [...pending]) if (work.lost) doWork(work);
}

function onListenerRemoved(event: string | symbol, listener: unknown): void {
  if (event !== 'exit') return;
  if (listener === doLostWork) {
    if ([...pending].some((work) => work.lost)) process.on('exit', doLostWork);
    return;
  }
  const work = byListener.get(listener);
  if (work === undefined) return;
  work.lost = true;
  // Added while Node takes the listeners away, it stays: Node goes over the ones it had.
  if (!process.listeners('exit').includes(doLostWork)) process.on('exit', doLostWork);
  queueRecheck();
}

/**
 * `process.removeAllListeners()` with no event takes every listener of every event, the
 * 'removeListener' ones too, and then clears them all at once: once it returned, hookline's
 * listeners are put back.
 */
function queueRecheck(): void {
  if (recheckQueued) return;
  recheckQueued = true;
  queueMicrotask(() => {
    recheckQueued = false;
    if (pending.size === 0) return;
    const emitter: NodeJS.EventEmitter = process;
    if (!emitter.listeners('removeListener').includes(onListenerRemoved)) {
      process.on('removeListener', onListenerRemoved);
    }
    const lostAny = [...pending].some((work) => work.lost);
    if (lostAny && !process.listeners('exit').includes(doLostWork)) {
      process.on('exit', doLostWork);
    }
  });
}

function watch(): void {
  if (watching) return;
  watching = true;
  process.on('removeListener', onListenerRemoved);
}

function unwatch(): void {
  if (!watching) return;
  watching = false;
  process.removeListener('removeListener', onListenerRemoved);
  process.removeListener('exit', doLostWork);
}
