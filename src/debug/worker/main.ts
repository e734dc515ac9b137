import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { pausedAtDebuggerStatement } from '../../internal/debugger-statement.js';
import { debug } from '../../internal/debuglog.js';
import { InspectorClient } from '../../internal/inspector-session.js';
import {
  ExceptionPauser,
  traceResumesStatements,
  wantExceptionPauses,
} from '../../internal/pause-sharing.js';
import { type HookRequest, INT32_SLOTS, type Request, Slot, State, TimeSlot } from '../protocol.js';
import type { PausedEvent, ScriptParsedEvent } from './cdp.js';
import { PausedProgram } from './paused-program.js';
import type { PromptEnd } from './prompt.js';

// The debugger worker. It connects to the main thread's inspector and enables the Debugger
// (once: it stays on, and any pause that is not hookline's own is resumed at once, so a stray
// `debugger;` in the program never hangs it). It serves each pause the main thread asks for
// (a hook, callerLocals, interpolate) and, once post-mortem is on, each uncaught exception.
// See ../main-thread.ts for the other side.

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
/** Set once post-mortem is on. */
let postMortem: { readonly transport: HookRequest['transport'] } | undefined;
/** Called when the program resumes while a prompt is open (another debugger resumed it). */
let onResumedElsewhere: (() => void) | undefined;
let resumingOurselves = false;

client.on<ScriptParsedEvent>('Debugger.scriptParsed', (event) => {
  scriptUrls.set(event.scriptId, event.url);
});
client.on<PausedEvent>('Debugger.paused', (event) => {
  onPaused(event).catch((error: unknown) => report(error));
});
client.on('Debugger.resumed', () => {
  if (!resumingOurselves) onResumedElsewhere?.();
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
  Atomics.store(int32, Slot.resident, 1);
}

async function handle(request: Request): Promise<void> {
  enabled ??= enable();
  const [, serving] = await Promise.all([enabled, serveModule]);
  switch (request.kind) {
    case 'hook':
    case 'locals':
    case 'interpolate':
      pending = request;
      if (request.kind === 'hook' && request.transport.kind === 'socket') {
        await serving.socketAt(request.transport.path).listen();
      }
      Atomics.store(int32, Slot.state, State.armed);
      return;
    case 'cancel':
      pending = undefined;
      return;
    case 'post-mortem':
      postMortem = { transport: request.transport };
      if (request.transport.kind === 'socket') {
        await serving.socketAt(request.transport.path).listen();
      }
      await client.post('Debugger.setPauseOnExceptions', {
        state: wantExceptionPauses(pauseSharing, ExceptionPauser.postMortem, 'uncaught'),
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

async function onPaused(event: PausedEvent): Promise<void> {
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
  const request = pending;
  // A pause on an exception is never hookline's own `debugger;`: post-mortem's, or another
  // debugger's (onException's worker, DevTools).
  const onException = event.reason === 'exception' || event.reason === 'promiseRejection';
  if (
    request &&
    !onException &&
    Atomics.compareExchange(int32, Slot.state, State.armed, State.paused) === State.armed
  ) {
    pending = undefined;
    let end: PromptEnd | 'skipped' = { kind: 'resume' };
    try {
      end = await serving.serveRequest(
        request,
        new PausedProgram(client, event, scriptUrls),
        context,
      );
    } catch (error) {
      report(error);
    } finally {
      onResumedElsewhere = undefined;
      const { outcome, exitCode } = serving.outcomeCode(end);
      Atomics.store(int32, Slot.exitCode, exitCode);
      Atomics.store(int32, Slot.outcome, outcome);
      await resume();
      Atomics.store(int32, Slot.state, State.done);
    }
    return;
  }
  const uncaught = (event.data as { uncaught?: boolean } | undefined)?.uncaught === true;
  if (postMortem && onException && uncaught) {
    try {
      const program = new PausedProgram(client, event, scriptUrls);
      const end = await serving.servePostMortem(postMortem.transport, program, context);
      if (end !== 'skipped' && end.kind !== 'resume') {
        debug('post-mortem prompt ended with %s: the exception ends the program', end.kind);
      }
    } catch (error) {
      report(error);
    } finally {
      onResumedElsewhere = undefined;
      await resume();
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
