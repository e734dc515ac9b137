import { fileURLToPath } from 'node:url';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { CallFrame, PausedEvent, ScriptParsedEvent } from '../../debug/worker/cdp.js';
import { asArgument } from '../../debug/worker/cdp.js';
import { pausedAtDebuggerStatement } from '../../internal/debugger-statement.js';
import { debug } from '../../internal/debuglog.js';
import { InspectorClient } from '../../internal/inspector-session.js';
import {
  ExceptionPauser,
  exceptionPausesWanted,
  setTraceResumesStatements,
  wantExceptionPauses,
} from '../../internal/pause-sharing.js';
import {
  type ExceptionRecord,
  INT32_SLOTS,
  type PauseState,
  Slot,
  TAKE_KEY,
  type TraceRequest,
} from '../inspector-protocol.js';
import { LogpointSites } from './logpoint-sites.js';
import { mappedFrom } from './script-maps.js';

// The trace worker. It connects to the main thread's inspector and has V8 pause the main thread
// at each exception; while it is paused, it calls the main thread's take function (see
// ../on-exception.ts) with the exception, where it was thrown and the frame's scopes, and resumes
// it. Nothing else is done during a pause: the program waits for it. It also sets the
// breakpoints of logpoints, whose conditions log and never let V8 pause (see ../logpoint.ts and
// logpoint-sites.ts).

const { shared, reports, ownCode, pauseSharing } = workerData as {
  shared: SharedArrayBuffer;
  reports: MessagePort;
  /** The URL of hookline's own folder: its exceptions are its business, not the program's. */
  ownCode: string;
  /** How hookline's workers share out the program's pauses (see internal/pause-sharing.ts). */
  pauseSharing: SharedArrayBuffer;
};
const int32 = new Int32Array(shared, 0, INT32_SLOTS);
const client = new InspectorClient();
const scriptUrls = new Map<string, string>();
let enabled: Promise<void> | undefined;
let withLocals = false;
let pauseState: PauseState = 'none';
/** The logpoints, placed as breakpoints of this session. */
const logpoints = new LogpointSites(client);

client.on<ScriptParsedEvent & { sourceMapURL?: string }>('Debugger.scriptParsed', (event) => {
  scriptUrls.set(event.scriptId, event.url);
  logpoints.scriptParsed(event.scriptId, event.url, event.sourceMapURL);
});
client.on<PausedEvent & { hitBreakpoints?: string[] }>('Debugger.paused', (event) => {
  if (event.reason === 'instrumentation') {
    // Before a script with a source map runs: where logpoints' lines went in it.
    if (!logpoints.pausingBeforeMappedScripts) return;
    const script = event.data as { url?: string; sourceMapURL?: string } | undefined;
    if (script?.url && script.sourceMapURL) {
      logpoints
        .mapScript(script.url, script.sourceMapURL)
        .catch((error: unknown) => debug('logpoints not mapped: %s', String(error)))
        .finally(() => resume());
    } else void resume();
    return;
  }
  if (event.reason === 'exception' || event.reason === 'promiseRejection') {
    // Not asked for here (another debugger's pause on exceptions): that debugger resumes it.
    const uncaught = (event.data as { uncaught?: boolean } | undefined)?.uncaught === true;
    if (pauseState === 'none' || (pauseState === 'uncaught' && !uncaught)) return;
    // With post-mortem on (hookline/debug), an uncaught exception opens its prompt, which
    // resumes the program when it closes.
    const promptResumes =
      uncaught && exceptionPausesWanted(pauseSharing, ExceptionPauser.postMortem) !== 'none';
    hand(event)
      .catch((error: unknown) => report(error))
      .finally(() => {
        if (!promptResumes) void resume();
      });
    return;
  }
  // With logpoints, this session's breakpoints are on, and V8 pauses at the program's own
  // `debugger;` statements for it: resumed at once, as if no debugger were attached. Any other
  // pause is another debugger's: a breakpoint of this session's (logpoints never pause), hookline's
  // own `debugger;` (hook()), and another session's breakpoint, step or pause, which this
  // session sees with no breakpoint hit (V8 lists a session's own breakpoints only).
  if (logpoints.size === 0 || (event.hitBreakpoints?.length ?? 0) > 0) return;
  const top = event.callFrames[0];
  if (top === undefined || urlOf(top).startsWith(ownCode)) return;
  void pausedAtDebuggerStatement(client, top.location).then((atStatement) => {
    if (atStatement) void resume();
  });
});

parentPort?.on('message', (request: TraceRequest) => {
  carryOut(request).then(
    () => Atomics.store(int32, Slot.done, request.seq),
    (error: unknown) => {
      report(error);
      Atomics.store(int32, Slot.failed, request.seq);
      Atomics.store(int32, Slot.done, request.seq);
    },
  );
});

async function enable(): Promise<void> {
  client.connectToMainThread();
  await client.post('Debugger.enable');
  // No `debugger;` statement pauses the program for this session until a logpoint needs the
  // session's breakpoints on.
  await client.post('Debugger.setBreakpointsActive', { active: false });
  // V8 does not pause for an exception thrown and caught in these: Node's own code and
  // hookline's (an uncaught one is still reported, at the program's innermost frame).
  await client.post('Debugger.setBlackboxPatterns', {
    patterns: ['^node:', `^${ownCode.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`],
  });
}

async function carryOut(request: TraceRequest): Promise<void> {
  if (request.kind === 'shutdown') {
    // What the debug worker wants stays set: V8's one setting is what that worker asked for.
    setTraceResumesStatements(pauseSharing, false);
    const rest = wantExceptionPauses(pauseSharing, ExceptionPauser.trace, 'none');
    if (enabled !== undefined && pauseState !== 'none') {
      await client.post('Debugger.setPauseOnExceptions', { state: rest }).catch(() => undefined);
    }
    client.disconnect();
    return;
  }
  enabled ??= enable();
  await enabled;
  switch (request.kind) {
    case 'pause':
      withLocals = request.locals;
      pauseState = request.state;
      await client.post('Debugger.setPauseOnExceptions', {
        state: wantExceptionPauses(pauseSharing, ExceptionPauser.trace, request.state),
      });
      return;
    case 'logpoint':
      await logpoints.set(request.id, request.url, request.line, request.condition);
      setTraceResumesStatements(pauseSharing, logpoints.size > 0);
      return;
    case 'map-script':
      await logpoints.mapScript(request.url, request.reference);
      return;
    case 'script-parsed': {
      // A reply comes after the events sent before it: once this one is in, every script the
      // main thread parsed so far has been seen.
      await client.post('Runtime.getIsolateId');
      const parsed = [...scriptUrls.values()].includes(request.url) || mappedFrom(request.url);
      Atomics.store(int32, Slot.answer, parsed ? 1 : 0);
      return;
    }
    case 'remove-logpoint':
      await logpoints.remove(request.id);
      setTraceResumesStatements(pauseSharing, logpoints.size > 0);
      return;
  }
}

async function hand(event: PausedEvent): Promise<void> {
  const frame = event.callFrames.find((each) => !isInternal(urlOf(each)));
  const global = event.callFrames
    .flatMap((each) => each.scopeChain)
    .find((scope) => scope.type === 'global');
  if (frame === undefined || global?.object.objectId === undefined) return;
  const url = urlOf(frame);
  const record: ExceptionRecord = {
    caught: (event.data as { uncaught?: boolean } | undefined)?.uncaught !== true,
    file: url.startsWith('file:') ? fileURLToPath(url) : url,
    line: frame.location.lineNumber + 1,
    column: (frame.location.columnNumber ?? 0) + 1,
    functionName: frame.functionName,
    time: Date.now(),
  };
  const scopes = withLocals
    ? frame.scopeChain.filter((scope) => scope.type === 'local' || scope.type === 'block')
    : [];
  await client.post('Runtime.callFunctionOn', {
    objectId: global.object.objectId,
    functionDeclaration: `function (error, record, ...scopes) { const take = this[Symbol.for(${JSON.stringify(TAKE_KEY)})]; if (typeof take === 'function') take(error, record, scopes); }`,
    arguments: [
      event.data === undefined ? {} : asArgument(event.data),
      { value: record },
      ...scopes.map((scope) => asArgument(scope.object)),
    ],
    silent: true,
  });
}

function urlOf(frame: CallFrame): string {
  return scriptUrls.get(frame.location.scriptId) || frame.url;
}

function isInternal(url: string): boolean {
  return url.startsWith('node:') || url.startsWith(ownCode);
}

async function resume(): Promise<void> {
  try {
    await client.post('Debugger.resume');
  } catch {
    // Already running: another debugger attached to the program resumed it first.
  }
}

function report(error: unknown): void {
  reports.postMessage(error instanceof Error ? error.message : String(error));
}
