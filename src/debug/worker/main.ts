import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { pausedAtDebuggerStatement } from '../../internal/debugger-statement.js';
import { debug } from '../../internal/debuglog.js';
import { InspectorClient } from '../../internal/inspector-session.js';
import {
  ExceptionPauser,
  exceptionPausesWanted,
  traceResumesStatements,
  wantExceptionPauses,
} from '../../internal/pause-sharing.js';
import {
  type HookRequest,
  INT32_SLOTS,
  Outcome,
  type Request,
  Slot,
  State,
  TimeSlot,
} from '../protocol.js';
import type { ExceptionFate } from '../toolkit.js';
import { asArgument, type PausedEvent, type RemoteObject, type ScriptParsedEvent } from './cdp.js';
import { PausedProgram } from './paused-program.js';
import type { PromptEnd } from './prompt.js';

// The debugger worker. It connects to the main thread's inspector and enables the Debugger
// (once: it stays on, its session taking no pause between requests, and a `debugger;` statement
// of the program's that stops for it is resumed at once, so a stray one never hangs it). It
// serves each pause the main thread asks for (a hook, callerLocals, interpolate) and, once
// post-mortem is on, each uncaught exception. See ../main-thread.ts for the other side.

const { shared, reports, pauseSharing } = workerData as {
  shared: SharedArrayBuffer;
  reports: MessagePort;
  /** How hookline's workers share out the program's pauses (see internal/pause-sharing.ts). */
  pauseSharing: SharedArrayBuffer;
};
const int32 = new Int32Array(shared, 0, INT32_SLOTS);
const float64 = new Float64Array(shared, INT32_SLOTS * 4, 1);
const client = new InspectorClient();
const scriptUrls = new Map<string, string>();

type PauseRequest = Extract<Request, { kind: 'hook' | 'locals' | 'interpolate' }>;

/** The request waiting for the main thread's `debugger;`. */
let pending: PauseRequest | undefined;
/**
 * Whether a pause came since the last request was armed that this worker did not take: the main
 * thread was paused at its `debugger;`, and another debugger resumed it first.
 */
let missedPause = false;
/** Set while the worker finds out whether the main thread paused (see the `cancel` request). */
let cancelling = false;
/**
 * Set once post-mortem is on. `watchingLoads`: V8 pauses at caught exceptions too, for those Node's
 * module loader catches while the program's modules load (see exception-catcher.ts); off from
 * the first caught exception thrown outside of module loading on.
 */
let postMortem:
  | { readonly transport: HookRequest['transport']; watchingLoads: boolean }
  | undefined;
/** Called when the program resumes while a prompt is open (another debugger resumed it). */
let onResumedElsewhere: (() => void) | undefined;
let resumingOurselves = false;
/** How many pauses this worker has seen: each pause's number. */
let pauses = 0;
/**
 * The number of the last pause someone else ended: another debugger attached to the process (a
 * client that resumes every pause it sees). Events come in order: a pause, then its end.
 */
let lastResumedElsewhere = 0;

client.on<ScriptParsedEvent>('Debugger.scriptParsed', (event) => {
  scriptUrls.set(event.scriptId, event.url);
});
client.on<PausedEvent>('Debugger.paused', (event) => {
  pauses += 1;
  const pause = pauses;
  onPaused(event, claim(event), () => lastResumedElsewhere === pause).catch((error: unknown) =>
    report(error),
  );
});
client.on('Debugger.resumed', () => {
  if (resumingOurselves) return;
  lastResumedElsewhere = pauses;
  onResumedElsewhere?.();
});

// The prompt's code loads as soon as the worker starts (it may start before the first hook);
// the Debugger is enabled only when the first request comes.
const serveModule = import('./serve.js');
let enabled: Promise<void> | undefined;

process.on('uncaughtException', (error) => {
  report(error);
  Atomics.store(int32, Slot.state, State.failed);
});

parentPort?.on('message', (request: Request) => {
  handle(request).catch((error: unknown) => {
    report(error);
    Atomics.store(int32, Slot.state, State.failed);
  });
});

async function enable(): Promise<void> {
  client.connectToMainThread();
  await client.post('Debugger.enable');
  await standAside();
  Atomics.store(int32, Slot.resident, 1);
}

/**
 * Between requests this session takes no pause but post-mortem's. V8 pauses the program for
 * any session that takes pauses, and tells each of it: left taking them, this session would
 * hold the program at another debugger's breakpoint that debugger skips (DevTools "Skip all
 * pauses"), with no one to resume it; and its breakpoints switched on would make the program's
 * `debugger;` statements, and another debugger's deactivated breakpoints, stop it.
 */
async function standAside(): Promise<void> {
  await Promise.all([
    client.post('Debugger.setBreakpointsActive', { active: false }),
    client.post('Debugger.setSkipAllPauses', { skip: postMortem === undefined }),
  ]);
}

/** For a request: this session takes pauses, and the main thread's `debugger;` stops it. */
async function standBy(): Promise<void> {
  await Promise.all([
    client.post('Debugger.setBreakpointsActive', { active: true }),
    client.post('Debugger.setSkipAllPauses', { skip: false }),
  ]);
}

async function handle(request: Request): Promise<void> {
  enabled ??= enable();
  const [, serving] = await Promise.all([enabled, serveModule]);
  switch (request.kind) {
    case 'hook':
    case 'locals':
    case 'interpolate':
      if (request.kind === 'hook' && request.transport.kind === 'socket') {
        await serving.socketAt(request.transport).listen();
      }
      await standBy();
      pending = request;
      missedPause = false;
      Atomics.store(int32, Slot.state, State.armed);
      return;
    case 'cancel':
      // The main thread went past its `debugger;` before this worker took the pause: either it
      // did not pause (something keeps V8 from pausing) or another debugger resumed it first. The
      // pause's event, if there was one, came before the reply to any command sent now (these).
      pending = undefined;
      cancelling = true;
      try {
        await standAside();
      } finally {
        cancelling = false;
      }
      Atomics.store(int32, Slot.outcome, missedPause ? Outcome.resumedElsewhere : Outcome.resume);
      Atomics.store(int32, Slot.state, State.done);
      return;
    case 'post-mortem':
      postMortem = { transport: request.transport, watchingLoads: true };
      if (request.transport.kind === 'socket') {
        await serving.socketAt(request.transport).listen();
      }
      await standAside();
      await client.post('Debugger.setPauseOnExceptions', {
        state: wantExceptionPauses(pauseSharing, ExceptionPauser.postMortem, 'all'),
      });
      Atomics.store(int32, Slot.state, State.done);
      return;
    case 'shutdown':
      client.disconnect();
      serving.closeSocket();
      Atomics.store(int32, Slot.state, State.closed);
      return;
  }
}

/**
 * Takes a pause for the armed request, at once as its event comes (see `missedPause`). While a
 * request is armed, only hookline's code runs on the main thread until its `debugger;`: a pause
 * then, other than at an exception, is that statement's. `'missed'`: the main thread's pause
 * that it went past before it was taken (another debugger resumed it).
 */
function claim(event: PausedEvent): PauseRequest | 'missed' | undefined {
  if (pending === undefined && !cancelling) return undefined;
  if (event.reason === 'exception' || event.reason === 'promiseRejection') return undefined;
  if (event.reason === 'instrumentation') return undefined;
  const request = pending;
  if (
    request !== undefined &&
    Atomics.compareExchange(int32, Slot.state, State.armed, State.paused) === State.armed
  ) {
    pending = undefined;
    return request;
  }
  missedPause = true;
  return 'missed';
}

/**
 * Serves `request` if this pause was taken for it; else the pause is an uncaught exception
 * for post-mortem, or not hookline's. `endedElsewhere` tells whether someone else has ended it.
 */
async function onPaused(
  event: PausedEvent,
  request: PauseRequest | 'missed' | undefined,
  endedElsewhere: () => boolean,
): Promise<void> {
  // hookline's own pause, ended already: nothing to serve, nor to resume.
  if (request === 'missed') return;
  const serving = await serveModule;
  const context = {
    onPromptShown: () => {
      float64[TimeSlot.promptShownAt] = performance.timeOrigin + performance.now();
    },
    resumedElsewhere: () =>
      new Promise<void>((resolve) => {
        onResumedElsewhere = resolve;
      }),
    report: (message: string) => reports.postMessage({ kind: 'failed', message }),
  };
  if (request !== undefined) {
    let end: PromptEnd | 'skipped' = { kind: 'resume' };
    let served = true;
    try {
      end = await serving.serveRequest(
        request,
        new PausedProgram(client, event, scriptUrls),
        context,
      );
    } catch (error) {
      served = false;
      // Resumed by another debugger before it was read: the main thread may pause again.
      if (endedElsewhere()) debug('pause resumed elsewhere before it was served: %s', error);
      else report(error);
    } finally {
      onResumedElsewhere = undefined;
      const { outcome, exitCode } =
        !served && endedElsewhere()
          ? { outcome: Outcome.resumedElsewhere, exitCode: 0 }
          : serving.outcomeCode(end);
      Atomics.store(int32, Slot.exitCode, exitCode);
      Atomics.store(int32, Slot.outcome, outcome);
      // Sent with the resume, which the main thread runs after them: one round trip for all.
      const asideDone = standAside().catch((error: unknown) => report(error));
      // Already running: a resume now could end a later pause, another debugger's.
      if (!endedElsewhere()) await resume();
      await asideDone;
      Atomics.store(int32, Slot.state, State.done);
    }
    return;
  }
  // A pause on an exception is never hookline's own `debugger;`: post-mortem's, or another
  // debugger's (onException's worker, DevTools).
  const onException = event.reason === 'exception' || event.reason === 'promiseRejection';
  const uncaught = (event.data as { uncaught?: boolean } | undefined)?.uncaught === true;
  // Post-mortem ends an uncaught exception's pause (onException's worker leaves it to the
  // prompt), and a caught one's while it watches the modules load, unless onException's worker
  // takes caught exceptions too: then that worker ends it, once it has taken its report.
  const postMortemEnds =
    postMortem !== undefined &&
    onException &&
    (uncaught ||
      (postMortem.watchingLoads &&
        exceptionPausesWanted(pauseSharing, ExceptionPauser.trace) !== 'all'));
  if (postMortem && postMortemEnds) {
    const program = new PausedProgram(client, event, scriptUrls);
    try {
      if (await postMortemServes(event, program, uncaught)) {
        const end = await serving.servePostMortem(postMortem.transport, program, context);
        if (end !== 'skipped' && end.kind !== 'resume') {
          debug('post-mortem prompt ended with %s: the exception ends the program', end.kind);
        }
      }
    } catch (error) {
      report(error);
    } finally {
      onResumedElsewhere = undefined;
      if (!endedElsewhere()) await resume();
    }
    return;
  }
  // An exception post-mortem does not serve (one caught, or any with post-mortem off): the
  // pause of onException's worker, or of another debugger, which resumes it once it has looked.
  // Resumed here too, its late resume could land on hookline's next pause (onException beside
  // callerLocals failed one run in three so).
  if (onException) return;
  // A `debugger;` statement of the program's own: not hookline's pause, so the program goes on
  // as if no debugger were there — resumed by the trace worker while it has logpoints set, else
  // here. Any other pause is another debugger's (its breakpoint, step or pause button, which this
  // session sees with no breakpoint of its own hit): left to it.
  if (traceResumesStatements(pauseSharing)) return;
  const top = event.callFrames[0];
  if (top === undefined || !(await pausedAtDebuggerStatement(client, top.location))) return;
  debug("resuming a pause that is not hookline's (%s)", event.reason);
  await resume();
}

/**
 * Whether post-mortem opens its prompt at this exception: an uncaught one, or one thrown while
 * the main module's top level runs that Node's module loader catches only to pass it on (V8 calls
 * it caught). What it decides is noted with the exception (see `toolkit.rememberException`).
 */
async function postMortemServes(
  event: PausedEvent,
  program: PausedProgram,
  uncaught: boolean,
): Promise<boolean> {
  const exception = event.data;
  const ownFramesOnly = program.frames.every((_frame, index) =>
    program.urlOf(index).startsWith('node:'),
  );
  // Node passing on, from its own code, an exception post-mortem has had already.
  if (exception !== undefined && ownFramesOnly && (await fateOf(program, exception))) return false;
  if (uncaught) {
    if (exception !== undefined) await remember(program, exception, 'prompted');
    return true;
  }
  if (!loading(program)) {
    await stopWatchingLoads();
    return false;
  }
  if (event.reason !== 'exception' || exception === undefined) return false;
  const { catcherOf } = await import('./exception-catcher.js');
  const catcher = await catcherOf(program);
  debug('caught exception while modules load: caught by %s', catcher);
  if (catcher === 'main-module-loader') {
    await remember(program, exception, 'prompted');
    return true;
  }
  if (catcher === 'module-loader') await remember(program, exception, 'passed');
  return false;
}

/** Whether the program is loading modules: a frame of Node's module loaders is on the stack. */
function loading(program: PausedProgram): boolean {
  return program.frames.some((_frame, index) =>
    program.urlOf(index).startsWith('node:internal/modules/'),
  );
}

/** The program runs past its modules' loading: V8 pauses post-mortem at uncaught exceptions only. */
async function stopWatchingLoads(): Promise<void> {
  if (!postMortem?.watchingLoads) return;
  postMortem.watchingLoads = false;
  debug('post-mortem: a caught exception outside module loading; caught ones are left alone');
  await client.post('Debugger.setPauseOnExceptions', {
    state: wantExceptionPauses(pauseSharing, ExceptionPauser.postMortem, 'uncaught'),
  });
}

async function remember(
  program: PausedProgram,
  exception: RemoteObject,
  fate: ExceptionFate,
): Promise<void> {
  // The toolkit is reached through a frame: a rejection Node makes with none on the stack has none.
  if (program.frames.length === 0) return;
  await program.callToolkit('rememberException', [asArgument(exception), { value: fate }]);
}

async function fateOf(
  program: PausedProgram,
  exception: RemoteObject,
): Promise<ExceptionFate | undefined> {
  if (program.frames.length === 0) return undefined;
  return program.callToolkit<ExceptionFate | undefined>('exceptionFate', [asArgument(exception)]);
}

async function resume(): Promise<void> {
  resumingOurselves = true;
  try {
    await client.post('Debugger.resume');
  } catch (error) {
    // Already running: another debugger resumed the program first.
    debug('resume: %s', (error as Error).message);
  } finally {
    resumingOurselves = false;
  }
}

function report(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  debug('debugger worker: %s', message);
  reports.postMessage({
    kind: 'failed',
    message: error instanceof Error ? error.message : message,
  });
}
