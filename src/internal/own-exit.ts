import { debug } from './debuglog.js';
import { whenTakenAway } from './kept-listeners.js';

// hookline's own work at the process's end — delivering the last exception reports and warnings,
// letting go of the inspector, removing its temporary files, writing its code cache — is done in
// 'exit' listeners. A program, or a tool it runs, that takes every 'exit' listener away
// (`process.removeAllListeners('exit')`) would take these too: reports lost, "Waiting for the
// debugger to disconnect..." on stderr, a socket folder left behind. Told of each one taken (see
// kept-listeners.ts), hookline puts back one listener that does the work of those taken, in the
// order it was asked for: Node takes listeners last first, so putting each back would reverse it.

interface Work {
  /** The 'exit' listener that does it where the program leaves it. */
  readonly listener: () => void;
  readonly run: () => void;
  /** Its listener was taken away by someone else: {@link doLostWork} does it. */
  lost: boolean;
  /** Stops hearing of its listener taken away. */
  unwatch: () => void;
}

/** The work not yet done, in the order it was asked for. */
const pending = new Set<Work>();
/** Stops hearing of {@link doLostWork} taken away, while it stands in for lost work. */
let unwatchLostWork: (() => void) | undefined;

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
  const work: Work = { listener: () => doWork(work), run, lost: false, unwatch: () => {} };
  pending.add(work);
  process.on('exit', work.listener);
  work.unwatch = whenTakenAway('exit', work.listener, () => {
    work.lost = true;
    keepLostWork();
  });
  return () => {
    if (forget(work)) process.removeListener('exit', work.listener);
  };
}

/** Whether `work` was still to be done; it is not any more. */
function forget(work: Work): boolean {
  if (!pending.delete(work)) return false;
  work.unwatch();
  if (unwatchLostWork !== undefined && ![...pending].some((each) => each.lost)) {
    unwatchLostWork();
    unwatchLostWork = undefined;
    process.removeListener('exit', doLostWork);
  }
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

/** Has {@link doLostWork} listen to 'exit', and keep listening. */
function keepLostWork(): void {
  if (!process.listeners('exit').includes(doLostWork)) process.on('exit', doLostWork);
  unwatchLostWork ??= whenTakenAway('exit', doLostWork, keepLostWork);
}
