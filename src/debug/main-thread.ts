import { Session } from 'node:inspector';
import {
  isMainThread,
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads';
import { debug } from '../internal/debuglog.js';
import { runWaiting, setPromptOpen, unreachableBecause } from '../internal/inspector-reach.js';
import { onOwnExit } from '../internal/own-exit.js';
import {
  ExceptionPauser,
  pauseSharingMemory,
  wantExceptionPauses,
} from '../internal/pause-sharing.js';
import {
  type Box,
  INT32_SLOTS,
  Outcome,
  type Request,
  SHARED_BYTES,
  Slot,
  State,
  TimeSlot,
  type WorkerReport,
} from './protocol.js';
import { installToolkit } from './toolkit.js';

// The main thread's side of a pause. It cannot wait for the worker with `Atomics.wait`: that
// blocks in a way that starves the inspector, whose commands the main thread must run for the
// worker to enable the Debugger. A spin on `Atomics.load` leaves V8 room to run them.

/** How long the worker may take to start and enable the Debugger before a hook gives up. */
const READY_TIMEOUT_MS = 10_000;
/** How long the worker may take to disable the Debugger after it resumed the program. */
const SETTLE_TIMEOUT_MS = 10_000;
/** How long the process waits at exit for the worker to let go of the main thread. */
const SHUTDOWN_TIMEOUT_MS = 2_000;

interface Link {
  readonly worker: Worker;
  /**
   * A session of the main thread's own with the Debugger enabled while the worker starts.
   * Enabling the Debugger the first time costs tens of milliseconds (V8 collects garbage and
   * lists every script); done here, synchronously, it overlaps the worker's start, and the
   * worker's own enable then finds V8's debugger already on. Disconnected once the worker is
   * ready, before the pause, so no main-thread session ever sees the program paused.
   */
  warmUp: Session | undefined;
  readonly int32: Int32Array;
  readonly float64: Float64Array;
  readonly reports: MessagePort;
}

let link: Link | undefined;
let busy = false;

/** What became of a request, for the public function that made it. */
export type PauseResult =
  | {
      readonly kind: 'served';
      readonly outcome: Outcome;
      readonly exitCode: number;
      readonly promptShownAt: number;
    }
  | { readonly kind: 'busy' }
  | { readonly kind: 'failed'; readonly reason: string; readonly fix?: string };

/**
 * A worker thread cannot be paused: a thread reaches no inspector but its own, which cannot pause
 * the thread that runs it, and the main thread's (`connectToMainThread()`). The debugger worker
 * would pause the main thread instead, or wait for a pause that never comes.
 */
const IN_WORKER_THREAD = {
  kind: 'failed',
  reason:
    "it runs in a worker thread, and hookline can pause the main thread only (a thread reaches no other thread's inspector but the main thread's)",
  fix: 'Call it in code that runs in the main thread.',
} as const;

/**
 * A logpoint's log function runs inside its breakpoint's condition, where V8 neither pauses nor
 * runs the worker's inspector commands: a request there would wait for nothing.
 */
const IN_BREAKPOINT_CONDITION = {
  kind: 'failed',
  reason:
    "it was called from a logpoint's log function, which runs inside a breakpoint's condition, where V8 does not pause",
  fix: 'Call it once the line has run, e.g. queueMicrotask(() => …) in the log function.',
} as const;

/** Why this thread cannot be paused, if it cannot: a worker thread. */
export function threadProblem(): typeof IN_WORKER_THREAD | undefined {
  return isMainThread ? undefined : IN_WORKER_THREAD;
}

/** Why this thread cannot be paused now, if it cannot. */
function pauseProblem(): PauseResult | undefined {
  return (
    threadProblem() ?? (unreachableBecause() === 'condition' ? IN_BREAKPOINT_CONDITION : undefined)
  );
}

/** Whether a request is being served right now (a hook reached from code typed at the prompt). */
export function isBusy(): boolean {
  return busy;
}

/**
 * Pauses the main thread at the caller of the function that called this one and lets the
 * worker serve `request` there; returns once the worker has resumed the program.
 * `onArmed` runs when the worker is ready, just before the pause.
 */
export function pauseForRequest(request: Request, box: Box, onArmed?: () => void): PauseResult {
  const problem = pauseProblem();
  if (problem !== undefined) return problem;
  if (busy) return { kind: 'busy' };
  busy = true;
  try {
    const current = connect();
    // The pause is made here, not in a helper: the worker finds the caller by counting frames.
    for (let attempt = 1; ; attempt += 1) {
      const armed = arm(current, request);
      if (armed !== undefined) return armed;
      if (attempt === 1) onArmed?.();
      hooklinePause(box);
      const result = settle(current);
      if (result !== RESUMED_ELSEWHERE) return result;
      // This thread is still inside the request, its caller's frame where it was: pause again.
      if (attempt === PAUSE_ATTEMPTS) {
        return {
          kind: 'failed',
          reason: `another debugger attached to this process resumed hookline's pause before it was served, ${PAUSE_ATTEMPTS} times in a row`,
          fix: "Have that debugger leave alone the pauses it did not ask for: hookline's stop in hooklinePause with no breakpoint hit, and hookline resumes them itself.",
        };
      }
      debug('pause resumed by another debugger before it was served: pausing again');
    }
  } finally {
    busy = false;
    // The prompt, if there was one, is over, even where the worker could not say so.
    setPromptOpen(false);
    runWaiting();
  }
}

/**
 * How many times a request pauses the program when another debugger resumes each pause before
 * the worker has served it (a client that resumes every pause it sees wins that race now and
 * then, on a loaded machine).
 */
const PAUSE_ATTEMPTS = 10;
const RESUMED_ELSEWHERE = Symbol('resumed elsewhere');

/** Hands the request to the worker and waits until it is ready for the pause; a failure if not. */
function arm(current: Link, request: Request): PauseResult | undefined {
  const { int32 } = current;
  warmUp(current);
  Atomics.store(int32, Slot.outcome, Outcome.resume);
  Atomics.store(int32, Slot.state, State.requested);
  current.worker.postMessage(request);
  const ready = spinWhile(int32, State.requested, READY_TIMEOUT_MS);
  endWarmUp(current);
  return ready === State.armed ? undefined : failure(current, ready, 'start');
}

/** After the pause: waits for the worker to have served it, and says how that went. */
function settle(current: Link): PauseResult | typeof RESUMED_ELSEWHERE {
  const { int32 } = current;
  if (Atomics.compareExchange(int32, Slot.state, State.armed, State.missed) === State.armed) {
    // Past the `debugger;` before the worker took the pause: the worker tells whether there was
    // one (resumed by another debugger first) or none (something kept V8 from pausing).
    current.worker.postMessage({ kind: 'cancel' } satisfies Request);
    const answered = spinWhile(int32, State.missed, SETTLE_TIMEOUT_MS);
    if (answered !== State.done) return failure(current, answered, 'resume');
    Atomics.store(int32, Slot.state, State.idle);
    if (Atomics.load(int32, Slot.outcome) === Outcome.resumedElsewhere) return RESUMED_ELSEWHERE;
    return {
      kind: 'failed',
      reason:
        "the program did not pause at hookline's debugger statement: something else attached to this process's inspector keeps V8 from pausing",
    };
  }
  const settled = spinWhile(int32, State.paused, SETTLE_TIMEOUT_MS);
  if (settled !== State.done) return failure(current, settled, 'resume');
  Atomics.store(int32, Slot.state, State.idle);
  const outcome = Atomics.load(int32, Slot.outcome) as Outcome;
  if (outcome === Outcome.resumedElsewhere) return RESUMED_ELSEWHERE;
  return {
    kind: 'served',
    outcome,
    exitCode: Atomics.load(int32, Slot.exitCode),
    promptShownAt: current.float64[TimeSlot.promptShownAt] ?? 0,
  };
}

/**
 * Asks the worker for something that needs no pause (turning post-mortem on) and waits for
 * it to be done.
 */
export function sendRequest(request: Request): PauseResult {
  const problem = pauseProblem();
  if (problem !== undefined) return problem;
  if (busy) return { kind: 'busy' };
  busy = true;
  try {
    const current = connect();
    warmUp(current);
    Atomics.store(current.int32, Slot.state, State.requested);
    current.worker.postMessage(request);
    const state = spinWhile(current.int32, State.requested, READY_TIMEOUT_MS);
    endWarmUp(current);
    if (state !== State.done) return failure(current, state, 'start');
    Atomics.store(current.int32, Slot.state, State.idle);
    return { kind: 'served', outcome: Outcome.resume, exitCode: 0, promptShownAt: 0 };
  } finally {
    busy = false;
  }
}

/**
 * The frame the worker pauses on. `box` is found by name on this frame (see `BOX_NAME`), so the
 * worker can hand a result back by reference.
 */
function hooklinePause(box: Box): void {
  // biome-ignore lint/suspicious/noDebugger: this pause is the whole point: the worker serves it.
  debugger;
  void box;
}

function connect(): Link {
  if (link !== undefined) return link;
  installToolkit();
  const shared = new SharedArrayBuffer(SHARED_BYTES);
  const channel = new MessageChannel();
  const worker = new Worker(new URL('./worker/main.js', import.meta.url), {
    workerData: { shared, reports: channel.port2, pauseSharing: pauseSharingMemory() },
    transferList: [channel.port2],
    // The worker must not inherit the program's flags: an `--import` of the program's own
    // loaders, `--inspect`, or a `--require` of hookline itself would run again inside it.
    execArgv: [],
    name: 'hookline debugger',
  });
  worker.unref();
  channel.port1.unref();
  worker.on('error', (error) => debug('debugger worker failed: %s', error.stack ?? error.message));
  const forgetExit = onOwnExit(() => shutdown(created));
  worker.on('exit', (code) => {
    debug('debugger worker exited with %d', code);
    link = undefined;
    forgetExit();
    // Post-mortem ended with it: onException's worker now ends every pause it takes.
    wantExceptionPauses(pauseSharingMemory(), ExceptionPauser.postMortem, 'none');
  });
  const created: Link = {
    worker,
    warmUp: undefined,
    int32: new Int32Array(shared, 0, INT32_SLOTS),
    float64: new Float64Array(shared, INT32_SLOTS * 4, 1),
    reports: channel.port1,
  };
  link = created;
  return created;
}

/** Starts the worker ahead of the first hook, so that hook opens sooner. */
export function prestart(): void {
  if (isMainThread) connect();
}

/** Enables the Debugger on the main thread's own session until the worker has (see `Link.warmUp`). */
function warmUp(current: Link): void {
  if (current.warmUp !== undefined || Atomics.load(current.int32, Slot.resident) === 1) return;
  try {
    const session = new Session();
    session.connect();
    session.post('Debugger.enable');
    current.warmUp = session;
  } catch (error) {
    // Only a head start: the worker enables the Debugger on its own anyway.
    debug('debugger warm-up failed: %s', (error as Error).message);
  }
}

function endWarmUp(current: Link): void {
  current.warmUp?.disconnect();
  current.warmUp = undefined;
}

/** Lets the worker disconnect its session before the process ends, so Node never waits for it. */
function shutdown(current: Link): void {
  if (link !== current || Atomics.load(current.int32, Slot.resident) !== 1) return;
  // A request still being served means the program is exiting from code run at the prompt:
  // the worker is busy with it and cannot answer; Node ends the worker with the process.
  if (Atomics.load(current.int32, Slot.state) !== State.idle) return;
  Atomics.store(current.int32, Slot.state, State.requested);
  current.worker.postMessage({ kind: 'shutdown' });
  spinWhile(current.int32, State.requested, SHUTDOWN_TIMEOUT_MS);
}

function spinWhile(int32: Int32Array, state: State, timeoutMs: number): number {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const current = Atomics.load(int32, Slot.state);
    if (current !== state) return current;
    if (performance.now() > deadline) return -1;
  }
}

function failure(current: Link, state: number, phase: 'start' | 'resume'): PauseResult {
  const reports: string[] = [];
  for (let message = receiveMessageOnPort(current.reports); message; ) {
    reports.push((message.message as WorkerReport).message);
    message = receiveMessageOnPort(current.reports);
  }
  Atomics.store(current.int32, Slot.state, State.idle);
  if (state === -1) {
    return {
      kind: 'failed',
      reason:
        phase === 'start'
          ? `the debugger worker did not get ready within ${READY_TIMEOUT_MS / 1000} s`
          : `the debugger worker did not release the program within ${SETTLE_TIMEOUT_MS / 1000} s`,
    };
  }
  return { kind: 'failed', reason: reports.join('; ') || 'the debugger worker failed' };
}
