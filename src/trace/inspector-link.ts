import type { MessagePort, Worker } from 'node:worker_threads';
import { builtinModule } from '../internal/captured.js';
import { debug } from '../internal/debuglog.js';
import { HooklineError } from '../internal/errors.js';
import { unreachableBecause, whenReachable } from '../internal/inspector-reach.js';
import { onOwnExit } from '../internal/own-exit.js';
import {
  ExceptionPauser,
  pauseSharingMemory,
  setTraceResumesStatements,
  wantExceptionPauses,
} from '../internal/pause-sharing.js';
import { causeText, warn } from '../internal/warning.js';
import { INT32_SLOTS, type PauseState, Slot, type TraceRequest } from './inspector-protocol.js';

// The main thread's side of the trace worker, shared by onException and logpoint: it runs
// while either needs it. It waits for the worker by spinning on
// `Atomics.load`, not `Atomics.wait`: the worker's inspector commands run on this thread, and a
// thread blocked in `Atomics.wait` runs none (see ../debug/main-thread.ts).

/** How long the worker may take to start and set the Debugger up. */
const READY_TIMEOUT_MS = 10_000;
/** How long the process waits at exit for the worker to let go of the main thread. */
const SHUTDOWN_TIMEOUT_MS = 2_000;
/** How long a question to the running worker may take. */
const ANSWER_TIMEOUT_MS = 2_000;

interface Link {
  readonly worker: Worker;
  readonly int32: Int32Array;
  readonly reports: MessagePort;
  seq: number;
}

let link: Link | undefined;

/**
 * Has V8 pause the main thread at exceptions as `state` says (`'none'` ends the worker), and
 * returns once it does.
 *
 * @throws {HooklineError} `ERR_HOOKLINE_INSPECTOR_UNAVAILABLE` when the worker cannot start or
 * cannot reach the main thread's inspector.
 */
export function setPauseState(state: PauseState, locals: boolean, where: string): void {
  if (putOff(() => setPauseState(state, locals, where), where)) return;
  pauseState = state;
  if (endIfUnused()) return;
  request({ kind: 'pause', state, locals }, where);
}

/** Sets a logpoint's breakpoint (`line` 0-based) and returns once it is set. */
export function setLogpoint(
  id: number,
  url: string,
  line: number,
  condition: string,
  where: string,
): void {
  if (putOff(() => setLogpoint(id, url, line, condition, where), where)) return;
  logpoints.add(id);
  try {
    request({ kind: 'logpoint', id, url, line, condition }, where);
  } catch (error) {
    logpoints.delete(id);
    throw error;
  }
}

/** Removes a logpoint's breakpoint; the worker ends if nothing else uses it. */
export function removeLogpoint(id: number): void {
  if (putOff(() => removeLogpoint(id), 'logpoint(…) undone')) return;
  if (!logpoints.delete(id) || endIfUnused()) return;
  request({ kind: 'remove-logpoint', id }, 'logpoint(…) undone');
}

/**
 * Where the worker cannot reach this thread now (a logpoint's log function, code typed at a
 * hook's prompt), puts `work` off until it can, and says so (see internal/inspector-reach.ts).
 */
function putOff(work: () => void, where: string): boolean {
  return whenReachable(() => {
    try {
      work();
    } catch (error) {
      warn(
        `${where}, asked for where hookline's worker could not reach the program, could not be done`,
        error,
      );
    }
  });
}

/**
 * Has the worker place the logpoints of the files a CommonJS module about to be compiled maps back
 * to (its `sourceMappingURL`, `reference`) in it, and returns once it has. A worker that does
 * not answer leaves them where they were.
 */
export function mapScript(url: string, reference: string): void {
  if (link === undefined || unreachableBecause() !== undefined) return;
  send(link, { kind: 'map-script', seq: link.seq + 1, url, reference }, ANSWER_TIMEOUT_MS);
}

/**
 * Whether the main thread has parsed a script of `url` (a module loaded from that file, by that
 * path): `undefined` where the worker is not running to tell, or does not answer.
 */
export function scriptParsed(url: string): boolean | undefined {
  if (link === undefined || unreachableBecause() !== undefined) return undefined;
  const failed = send(link, { kind: 'script-parsed', seq: link.seq + 1, url }, ANSWER_TIMEOUT_MS);
  return failed === undefined ? Atomics.load(link.int32, Slot.answer) === 1 : undefined;
}

let pauseState: PauseState = 'none';
const logpoints = new Set<number>();

/** Ends the worker when nothing uses it any more; whether it did. */
function endIfUnused(): boolean {
  if (pauseState !== 'none' || logpoints.size > 0) return false;
  if (link !== undefined) shutdown(link, true);
  return true;
}

type Unnumbered<T> = T extends unknown ? Omit<T, 'seq'> : never;

/** Has the worker carry out `unnumbered`, starting it if need be. */
function request(unnumbered: Unnumbered<TraceRequest>, where: string): void {
  const current = connect(where);
  const numbered = { ...unnumbered, seq: current.seq + 1 } as TraceRequest;
  const failed = send(current, numbered, READY_TIMEOUT_MS);
  if (failed !== undefined) {
    shutdown(current, true);
    throw unavailable(where, failed);
  }
}

function connect(where: string): Link {
  if (link !== undefined) return link;
  // node:worker_threads loads with the first onException or logpoint, not with hookline/trace.
  const { isMainThread, MessageChannel, Worker } = builtinModule('node:worker_threads');
  if (!isMainThread) {
    // The trace worker would watch the main thread, and report to hookline's copy there, which
    // has no listener: the worker thread's own throws and lines would never be seen.
    throw unavailable(
      where,
      "a call from a worker thread, whose exceptions and lines cannot be watched (a thread reaches no other thread's inspector but the main thread's)",
      "Call it in code that runs in the main thread: it watches the main thread's exceptions and lines.",
    );
  }
  const problem = inspectorProblem();
  if (problem !== undefined) throw unavailable(where, problem);
  const shared = new SharedArrayBuffer(INT32_SLOTS * 4);
  const channel = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(new URL('./worker/inspector.js', import.meta.url), {
      workerData: {
        shared,
        reports: channel.port2,
        ownCode: new URL('../', import.meta.url).href,
        pauseSharing: pauseSharingMemory(),
      },
      transferList: [channel.port2],
      // The program's flags are not the worker's: an `--import` of its loaders would run again.
      execArgv: [],
      name: 'hookline trace',
    });
  } catch (error) {
    channel.port1.close();
    throw unavailable(where, causeText(error));
  }
  worker.unref();
  channel.port1.unref();
  worker.on('error', (error) => debug('trace worker failed: %s', error.stack ?? error.message));
  const created: Link = { worker, int32: new Int32Array(shared), reports: channel.port1, seq: 0 };
  const forgetExit = onOwnExit(() => shutdown(created, false));
  worker.on('exit', () => {
    if (link === created) link = undefined;
    forgetExit();
    // Ended, perhaps without a word (a crash): unless a new one took its place, the debug
    // worker is left alone to end the pauses.
    if (link === undefined) {
      wantExceptionPauses(pauseSharingMemory(), ExceptionPauser.trace, 'none');
      setTraceResumesStatements(pauseSharingMemory(), false);
    }
  });
  link = created;
  return created;
}

/** Sends `request` and spins until the worker has carried it out: the reason it failed, if it did. */
function send(current: Link, request: TraceRequest, timeoutMs: number): string | undefined {
  current.seq = request.seq;
  current.worker.postMessage(request);
  const deadline = performance.now() + timeoutMs;
  while (Atomics.load(current.int32, Slot.done) < request.seq) {
    if (performance.now() > deadline) {
      return `the trace worker did not answer within ${timeoutMs / 1000} s`;
    }
  }
  if (Atomics.load(current.int32, Slot.failed) !== request.seq) return undefined;
  const reasons: string[] = [];
  const { receiveMessageOnPort } = builtinModule('node:worker_threads');
  for (let message = receiveMessageOnPort(current.reports); message; ) {
    reasons.push(String(message.message));
    message = receiveMessageOnPort(current.reports);
  }
  return reasons.join('; ') || 'the trace worker failed';
}

/**
 * Has the worker disconnect its inspector session before it ends: a session still connected as
 * the process exits makes Node print "Waiting for the debugger to disconnect...".
 */
function shutdown(current: Link, terminate: boolean): void {
  if (link !== current) return;
  link = undefined;
  send(current, { kind: 'shutdown', seq: current.seq + 1 }, SHUTDOWN_TIMEOUT_MS);
  current.reports.close();
  if (terminate) void current.worker.terminate();
}

/**
 * Why the inspector cannot be reached, asked before a worker tries: under the permission model a
 * worker's `connectToMainThread()` without the inspector's permission aborts the whole process
 * (a failed assertion in Node), where an error could be thrown.
 */
function inspectorProblem(): string | undefined {
  if (!process.features.inspector) return 'a Node built without the inspector';
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  if (permission === undefined) return undefined;
  if (!permission.has('worker')) return 'the permission model denies worker threads';
  if (!permission.has('inspector')) return 'the permission model denies the inspector';
  return undefined;
}

function unavailable(
  where: string,
  reason: string,
  fix = 'Under the permission model, add --allow-worker and --allow-inspector (Node 20 has no --allow-inspector: run it without --experimental-permission); a Node built without the inspector cannot report exceptions.',
): HooklineError {
  return new HooklineError('ERR_HOOKLINE_INSPECTOR_UNAVAILABLE', {
    where,
    expected: "the main thread's inspector, reached from a worker thread",
    received: reason,
    fix,
  });
}
