import { fileURLToPath } from 'node:url';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { CallFrame, PausedEvent, ScriptParsedEvent } from '../../debug/worker/cdp.js';
import { asArgument } from '../../debug/worker/cdp.js';
import { InspectorClient } from '../../internal/inspector-session.js';
import {
  type ExceptionRecord,
  type ExceptionRequest,
  INT32_SLOTS,
  Slot,
  TAKE_KEY,
} from '../exception-protocol.js';

// The exception worker. It connects to the main thread's inspector and has V8 pause the main
// thread at each exception; while it is paused, it calls the main thread's take function (see
// ../on-exception.ts) with the exception, where it was thrown and the frame's scopes, and resumes
// it. Nothing else is done during a pause: the program waits for it.

const { shared, reports, ownCode } = workerData as {
  shared: SharedArrayBuffer;
  reports: MessagePort;
  /** The URL of hookline's own folder: its exceptions are its business, not the program's. */
  ownCode: string;
};
const int32 = new Int32Array(shared, 0, INT32_SLOTS);
const client = new InspectorClient();
const scriptUrls = new Map<string, string>();
let enabled: Promise<void> | undefined;
let withLocals = false;

client.on<ScriptParsedEvent>('Debugger.scriptParsed', (event) => {
  scriptUrls.set(event.scriptId, event.url);
});
client.on<PausedEvent>('Debugger.paused', (event) => {
  // Only exceptions are this worker's: with its breakpoints off, any other pause (a
  // `debugger;` statement, a breakpoint) is another debugger's, which resumes it.
  if (event.reason !== 'exception' && event.reason !== 'promiseRejection') return;
  hand(event)
    .catch((error: unknown) => report(error))
    .finally(() => resume());
});

parentPort?.on('message', (request: ExceptionRequest) => {
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
  // No `debugger;` statement or breakpoint pauses the program for this session.
  await client.post('Debugger.setBreakpointsActive', { active: false });
  // V8 does not pause for an exception thrown and caught in these: Node's own code and
  // hookline's (an uncaught one is still reported, at the program's innermost frame).
  await client.post('Debugger.setBlackboxPatterns', {
    patterns: ['^node:', `^${ownCode.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`],
  });
}

async function carryOut(request: ExceptionRequest): Promise<void> {
  if (request.kind === 'shutdown') {
    client.disconnect();
    return;
  }
  enabled ??= enable();
  await enabled;
  withLocals = request.locals;
  await client.post('Debugger.setPauseOnExceptions', { state: request.state });
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
