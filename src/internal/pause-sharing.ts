import { shareGlobally } from './global-slot.js';

// Two of hookline's inspector workers see every pause of the program: the trace worker
// (onException, logpoints) and the debug worker (hook(), callerLocals(), post-mortem). A pause
// must be ended once, by the one it is for: a second, late resume lands on the next pause and
// ends that one instead. They share out the pauses through memory both read:
// - at exceptions, V8 has one setting for all sessions, the last one set: each worker records
//   what it wants and sets what both want together; an uncaught exception with post-mortem on
//   ends when the prompt closes (the debug worker resumes it), a caught one when the trace worker
//   has taken its report — or, where the trace worker does not want caught ones and post-mortem
//   watches the modules load (it wants all then), once the debug worker has looked at it;
// - the program's own `debugger;` statements pause it for each session that has breakpoints on:
//   while logpoints are set the trace worker resumes them, else the debug worker.

/** What V8 pauses for: every exception, the uncaught ones, or none. */
export type ExceptionPauses = 'none' | 'uncaught' | 'all';
const LEVELS: readonly ExceptionPauses[] = ['none', 'uncaught', 'all'];

/** The workers that pause at exceptions, each a slot of the shared memory. */
export const ExceptionPauser = { trace: 0, postMortem: 1 } as const;
export type ExceptionPauser = (typeof ExceptionPauser)[keyof typeof ExceptionPauser];
/** The slot that is 1 while the trace worker resumes the program's `debugger;` statements. */
const TRACE_RESUMES_STATEMENTS = 2;
const SLOTS = 3;

const memoryKey = Symbol.for('hookline.pauseSharing');
/** This copy's, where the program froze globalThis before hookline loaded. */
let ownMemory: SharedArrayBuffer | undefined;

/**
 * The memory the workers share (one per process, shared by every copy of hookline in it), to be
 * handed to each worker as it starts.
 *
 * @example
 * ```ts
 * new Worker(url, { workerData: { pauseSharing: pauseSharingMemory() } });
 * ```
 */
export function pauseSharingMemory(): SharedArrayBuffer {
  const shared = (globalThis as Record<symbol, unknown>)[memoryKey];
  if (shared instanceof SharedArrayBuffer) return shared;
  ownMemory ??= shareGlobally(memoryKey, new SharedArrayBuffer(SLOTS * 4));
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

/**
 * Records whether the trace worker resumes the program's own `debugger;` statements (it does
 * while logpoints are set, its breakpoints on).
 *
 * @example
 * ```ts
 * setTraceResumesStatements(memory, logpoints.size > 0);
 * ```
 */
export function setTraceResumesStatements(memory: SharedArrayBuffer, resumes: boolean): void {
  Atomics.store(new Int32Array(memory), TRACE_RESUMES_STATEMENTS, resumes ? 1 : 0);
}

/**
 * Whether the trace worker resumes the program's own `debugger;` statements now.
 *
 * @example
 * ```ts
 * if (traceResumesStatements(memory)) return; // the trace worker ends this pause
 * ```
 */
export function traceResumesStatements(memory: SharedArrayBuffer): boolean {
  return Atomics.load(new Int32Array(memory), TRACE_RESUMES_STATEMENTS) === 1;
}
