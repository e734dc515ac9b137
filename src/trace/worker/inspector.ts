import { fileURLToPath } from 'node:url';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { CallFrame, PausedEvent, ScriptParsedEvent } from '../../debug/worker/cdp.js';
import { asArgument } from '../../debug/worker/cdp.js';
import { debug } from '../../internal/debuglog.js';
import { InspectorClient } from '../../internal/inspector-session.js';
import {
  type ExceptionRecord,
  INT32_SLOTS,
  type PauseState,
  Slot,
  TAKE_KEY,
  type TraceRequest,
} from '../inspector-protocol.js';
import { mappedFrom, type ScriptPosition, scriptMap } from './script-maps.js';

// The trace worker. It connects to the main thread's inspector and has V8 pause the main thread
// at each exception; while it is paused, it calls the main thread's take function (see
// ../on-exception.ts) with the exception, where it was thrown and the frame's scopes, and resumes
// it. Nothing else is done during a pause: the program waits for it. It also sets the
// breakpoints of logpoints, whose conditions log and never let V8 pause (see ../logpoint.ts).
//
// A logpoint's line is the line of the file as written. Where the code V8 runs was compiled from
// it with a source map (tsx, a .ts compiled ahead to .js), the breakpoint goes where the map says
// that line went: in an ES module, found while V8 pauses before the first run of a script with a
// source map (an instrumentation breakpoint, on while logpoints are set); in a CommonJS module,
// which V8 does not pause for, asked by the main thread before Node compiles it ('map-script').

const { shared, reports, ownCode } = workerData as {
  shared: SharedArrayBuffer;
  reports: MessagePort;
  /** The URL of hookline's own folder: its exceptions are its business, not the program's. */
  ownCode: string;
};
const int32 = new Int32Array(shared, 0, INT32_SLOTS);
const client = new InspectorClient();
const scriptUrls = new Map<string, string>();
/** The `sourceMappingURL` of each script URL that has one, as V8 found it. */
const mapReferences = new Map<string, string>();
let enabled: Promise<void> | undefined;
let withLocals = false;
let pauseState: PauseState = 'none';

/** A line's logpoints (one breakpoint condition), by the id logpoint.ts gives it. */
interface Site {
  readonly url: string;
  /** 0-based. */
  readonly line: number;
  readonly condition: string;
  /** Its breakpoint on the line of the file itself, the line as V8 runs it. */
  direct: string | undefined;
  /** The file runs compiled with a source map: no breakpoint on its own line then. */
  compiledInPlace: boolean;
  /** Its breakpoint in each script compiled from the file, by the script's URL. */
  readonly mapped: Map<string, ScriptPosition & { readonly id: string }>;
}
const sites = new Map<number, Site>();
/** The instrumentation breakpoint's id, while logpoints are set. */
let beforeMappedScripts: string | undefined;

client.on<ScriptParsedEvent & { sourceMapURL?: string }>('Debugger.scriptParsed', (event) => {
  scriptUrls.set(event.scriptId, event.url);
  if (event.sourceMapURL) mapReferences.set(event.url, event.sourceMapURL);
});
client.on<PausedEvent & { hitBreakpoints?: string[] }>('Debugger.paused', (event) => {
  if (event.reason === 'instrumentation') {
    // V8 does not say whose instrumentation breakpoint it was (hitBreakpoints is empty): while
    // this session has one, the pause is taken as its own.
    if (beforeMappedScripts === undefined) return;
    const script = event.data as { url?: string; sourceMapURL?: string } | undefined;
    if (script?.url && script.sourceMapURL) {
      mapInto([...sites.values()], script.url, script.sourceMapURL)
        .catch((error: unknown) => debug('logpoints not mapped: %s', String(error)))
        .finally(() => resume());
    } else void resume();
    return;
  }
  if (event.reason === 'exception' || event.reason === 'promiseRejection') {
    // Not asked for here (another debugger's pause on exceptions): that debugger resumes it.
    const uncaught = (event.data as { uncaught?: boolean } | undefined)?.uncaught === true;
    if (pauseState === 'none' || (pauseState === 'uncaught' && !uncaught)) return;
    hand(event)
      .catch((error: unknown) => report(error))
      .finally(() => resume());
    return;
  }
  // With logpoints, this session's breakpoints are on, and V8 pauses at the program's own
  // `debugger;` statements for it: resumed at once, as if no debugger were attached. A breakpoint
  // hit (logpoints never pause) or hookline's own `debugger;` (hook()) is another debugger's.
  if (sites.size === 0 || (event.hitBreakpoints?.length ?? 0) > 0) return;
  const top = event.callFrames[0];
  if (top !== undefined && urlOf(top).startsWith(ownCode)) return;
  void resume();
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
    client.disconnect();
    return;
  }
  enabled ??= enable();
  await enabled;
  switch (request.kind) {
    case 'pause':
      withLocals = request.locals;
      pauseState = request.state;
      await client.post('Debugger.setPauseOnExceptions', { state: request.state });
      return;
    case 'logpoint': {
      // A line's logpoints share its breakpoint: one added or undone sets it again, condition
      // and all, and V8 refuses a second breakpoint on the line while the first is there.
      const previous = sites.get(request.id);
      if (previous !== undefined) {
        sites.delete(request.id);
        await unplace(previous);
      }
      const site: Site = {
        url: request.url,
        line: request.line,
        condition: request.condition,
        direct: undefined,
        compiledInPlace: previous?.compiledInPlace ?? false,
        mapped: new Map(),
      };
      sites.set(request.id, site);
      // Scripts already run from a compiled copy of the file: mapped first, so that no breakpoint
      // stands on the compiled line of the same number.
      for (const [url, reference] of mapReferences) await mapInto([site], url, reference);
      if (!site.compiledInPlace) site.direct = await setBreakpoint(site.url, site, site.line);
      if (sites.size === 1) await activate(true);
      return;
    }
    case 'map-script':
      await mapInto([...sites.values()], request.url, request.reference);
      return;
    case 'script-parsed': {
      // A reply comes after the events sent before it: once this one is in, every script the
      // main thread parsed so far has been seen.
      await client.post('Runtime.getIsolateId');
      const parsed = [...scriptUrls.values()].includes(request.url) || mappedFrom(request.url);
      Atomics.store(int32, Slot.answer, parsed ? 1 : 0);
      return;
    }
    case 'remove-logpoint': {
      const site = sites.get(request.id);
      if (site === undefined) return;
      sites.delete(request.id);
      await unplace(site);
      if (sites.size === 0) await activate(false);
      return;
    }
  }
}

/**
 * Turns this session's breakpoints on or off, and with them the pause before each script with a
 * source map that finds where logpoints' lines went in it.
 */
async function activate(active: boolean): Promise<void> {
  await client.post('Debugger.setBreakpointsActive', { active });
  if (active && beforeMappedScripts === undefined) {
    const { breakpointId } = await client.post<{ breakpointId: string }>(
      'Debugger.setInstrumentationBreakpoint',
      { instrumentation: 'beforeScriptWithSourceMapExecution' },
    );
    beforeMappedScripts = breakpointId;
  } else if (!active && beforeMappedScripts !== undefined) {
    const breakpointId = beforeMappedScripts;
    beforeMappedScripts = undefined;
    await client.post('Debugger.removeBreakpoint', { breakpointId });
  }
}

/**
 * Places the breakpoints of `targets` whose file the script at `scriptUrl` was compiled from (its
 * source map, `reference`, names the file) where their lines went in it. A script compiled in
 * place of the file (tsx: the script has the file's URL) takes the place of its breakpoint on
 * the file's own line, which would stand on whatever the compiled code has there.
 */
async function mapInto(targets: readonly Site[], scriptUrl: string, reference: string) {
  if (targets.length === 0) return;
  const map = scriptMap(scriptUrl, reference);
  if (map === undefined) return;
  for (const site of targets) {
    if (!map.sources.has(site.url)) continue;
    const at = map.startOf(site.url, site.line);
    const placed = site.mapped.get(scriptUrl);
    if (at === undefined || (placed?.line === at.line && placed.column === at.column)) continue;
    if (scriptUrl === site.url) {
      site.compiledInPlace = true;
      if (site.direct !== undefined) await removeBreakpoint(site.direct);
      site.direct = undefined;
    }
    if (placed !== undefined) await removeBreakpoint(placed.id);
    site.mapped.delete(scriptUrl);
    try {
      const id = await setBreakpoint(scriptUrl, site, at.line, at.column);
      site.mapped.set(scriptUrl, { ...at, id });
    } catch (error) {
      // Another logpoint's line went to the same place: that one logs there.
      debug('a logpoint of %s not placed in %s: %s', site.url, scriptUrl, String(error));
    }
  }
}

async function setBreakpoint(url: string, site: Site, line: number, column?: number) {
  const { breakpointId } = await client.post<{ breakpointId: string }>(
    'Debugger.setBreakpointByUrl',
    {
      url,
      lineNumber: line,
      ...(column === undefined ? {} : { columnNumber: column }),
      condition: site.condition,
    },
  );
  return breakpointId;
}

async function unplace(site: Site): Promise<void> {
  if (site.direct !== undefined) await removeBreakpoint(site.direct);
  for (const placed of site.mapped.values()) await removeBreakpoint(placed.id);
}

async function removeBreakpoint(breakpointId: string): Promise<void> {
  await client.post('Debugger.removeBreakpoint', { breakpointId });
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
