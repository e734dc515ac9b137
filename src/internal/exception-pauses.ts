import { shareGlobally } from './global-slot.js';

// Two of hookline's inspector workers pause the program at exceptions: the trace worker
// (onException: every exception, or the uncaught ones) and the debug worker (post-mortem: the
// uncaught ones). V8 has one such setting for all sessions, the last one set: each worker
// records what it wants in memory both share, and sets what both want together. Both see every
// such pause, so they share out its end too: an uncaught exception with post-mortem on ends when
// the prompt closes (the debug worker resumes it), a caught one when the trace worker has taken
// its report.

/** What V8 pauses for: every exception, the uncaught ones, or none. */
export type ExceptionPauses = 'none' | 'uncaught' | 'all';
const LEVELS: readonly ExceptionPauses[] = ['none', 'uncaught', 'all'];

/** The workers that pause at exceptions, each a slot of the shared memory. */
export const ExceptionPauser = { trace: 0, postMortem: 1 } as const;
export type ExceptionPauser = (typeof ExceptionPauser)[keyof typeof ExceptionPauser];

const memoryKey = Symbol.for('hookline.exceptionPauses');
/** This copy's, where the program froze globalThis before hookline loaded. */
let ownMemory: SharedArrayBuffer | undefined;

/**
 * The memory the workers share (one per process, shared by every copy of hookline in it), to be
 * handed to each worker as it starts.
 *
 * @example
 * ```ts
 * new Worker(url, { workerData: { exceptionPauses: exceptionPausesMemory() } });
 * ```
 */
export function exceptionPausesMemory(): SharedArrayBuffer {
  const shared = (globalThis as Record<symbol, unknown>)[memoryKey];
  if (shared instanceof SharedArrayBuffer) return shared;
  ownMemory ??= shareGlobally(memoryKey, new SharedArrayBuffer(LEVELS.length * 4));
  return ownMemory;
}

/**
 * Records that `pauser` wants V8 to pause at `wanted` exceptions, and returns the setting that
 * gives each worker what it wants: the one to set.
 *
 * @example
 * ```ts
 * const state = wantExceptionPauses(memory, ExceptionPauser.trace, 'all');
 * await client.post('Debugger.setPauseOnExceptions', { state });
 * ```
 */
export function wantExceptionPauses(
  memory: SharedArrayBuffer,
  pauser: ExceptionPauser,
  wanted: ExceptionPauses,
): ExceptionPauses {
  const wants = new Int32Array(memory);
  Atomics.store(wants, pauser, LEVELS.indexOf(wanted));
  const level = Math.max(
    Atomics.load(wants, ExceptionPauser.trace),
    Atomics.load(wants, ExceptionPauser.postMortem),
  );
  return LEVELS[level] ?? 'none';
}

/**
 * What `pauser` wants now.
 *
 * @example
 * ```ts
 * if (exceptionPausesWanted(memory, ExceptionPauser.postMortem) !== 'none') return; // its prompt resumes
 * ```
 */
export function exceptionPausesWanted(
  memory: SharedArrayBuffer,
  pauser: ExceptionPauser,
): ExceptionPauses {
  return LEVELS[Atomics.load(new Int32Array(memory), pauser)] ?? 'none';
}
