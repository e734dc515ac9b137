import type { Session } from 'node:inspector';
import { builtinModule } from '../../internal/captured.js';
import { LOG_KEY } from '../../trace/inspector-protocol.js';

/** What V8 compiled from a string: `eval`'s code, or a function's body. */
export interface CompiledString {
  readonly kind: 'eval' | 'function';
  readonly code: string;
  /** `eval`, or the constructor (`Function`, `AsyncFunction`, …) whose source V8 wrapped. */
  readonly api: string;
  /** The name the code gives itself (`//# sourceURL=`), if it does. */
  readonly filename: string | undefined;
}

interface ScriptParsed {
  readonly scriptId: string;
  readonly url: string;
  /** The URL comes from a `//# sourceURL=` comment in the source, not from a file. */
  readonly hasSourceURL?: boolean;
  readonly isModule?: boolean;
  readonly stackTrace?: { readonly callFrames: readonly { readonly url: string }[] };
}

/** Where a denied script's replacement finds the error to throw. */
const DENIAL_KEY = Symbol.for('hookline.audit.denied');

/**
 * The start of a logpoint's condition (hookline/trace's), which V8 compiles in the paused frame
 * each time the line runs: hookline's own, no code of the program's.
 */
const logpointCondition = `{ const __hooklineLog = globalThis[Symbol.for(${JSON.stringify(LOG_KEY)})];`;

/**
 * Whether `source` is a logpoint's condition: while logpoints are set (their delivery function
 * is on the global object), not otherwise — code of the program's that starts the same way is
 * reported then.
 */
function isLogpointCondition(source: string): boolean {
  return (
    source.startsWith(logpointCondition) &&
    typeof (globalThis as Record<symbol, unknown>)[Symbol.for(LOG_KEY)] === 'function'
  );
}

/** How V8 wraps the source of a function that `Function` and its kin compile. */
const constructedFunction =
  /^\((async )?function(\*)? anonymous\([\s\S]*?\n\) \{\n(?<body>[\s\S]*)\n\}\)$/;

/**
 * Watches the code V8 compiles from strings that no wrapper of the audit sees — `eval`, direct or
 * not, and a `Function` the audit's proxy was not asked for (a class that extended `Function`
 * before the audit began) — through an inspector session of the main thread's own. V8 reports
 * each script it compiles to a session with its Debugger enabled (`Debugger.scriptParsed`), on the
 * compiling thread, as the compile ends and before the script runs; `report` then gets it, with
 * the program's caller on the stack. What `report` throws (a policy's AuditError) the script
 * throws in place of running: its source is replaced by a `throw` before it starts (where V8
 * still has live edit: not Node 26's, and `cannotStop` is told).
 *
 * The compiles it leaves out: scripts with a URL not of their own naming (files, vm's named
 * scripts), ES modules, those
 * Node's own code makes (the caller on top of V8's stack is `node:`), those `skip()` says are
 * reported already (a wrapped call under way), and a debugger's: what it evaluates while the
 * program is paused, and hookline's logpoint conditions (which V8 evaluates without pausing).
 *
 * Throws, changing nothing, where Node has no inspector.
 */
export function watchCompiledStrings(
  report: (compiled: CompiledString) => void,
  skip: () => boolean,
  cannotStop: (denial: unknown, liveEditGone: boolean) => void,
): () => void {
  const { Session: SessionClass } = builtinModule('node:inspector');
  const session: Session = new SessionClass();
  session.connect();
  let listing = true;
  // Paused by a debugger (hookline's workers, DevTools): what compiles then is the debugger's.
  let paused = false;
  const onPaused = (): void => {
    paused = true;
  };
  const onResumed = (): void => {
    paused = false;
  };
  let stopped = false;
  /** Events being handled: V8 is compiling, and the session must not be disconnected now. */
  let handling = 0;
  const onParsed = ({ params }: { params: ScriptParsed }): void => {
    // A script from a string has no URL, unless its code names one (`//# sourceURL=`).
    const fromString = params.url === '' || params.hasSourceURL === true;
    if (stopped || listing || paused || !fromString || params.isModule === true || skip()) return;
    const caller = params.stackTrace?.callFrames[0];
    if (caller === undefined || caller.url.startsWith('node:')) return;
    const source = sourceOf(session, params.scriptId);
    if (source === undefined || isLogpointCondition(source)) return;
    handling++;
    try {
      report(compiledString(source, params.url || undefined));
    } catch (denial) {
      const refused = deny(session, params.scriptId, denial);
      if (refused !== undefined) cannotStop(denial, liveEditGone.test(refused));
    } finally {
      handling--;
    }
  };
  session.on('Debugger.scriptParsed', onParsed as never);
  session.on('Debugger.paused', onPaused);
  session.on('Debugger.resumed', onResumed);
  try {
    // V8 lists every script it holds as the Debugger is enabled, synchronously: none is new. It
    // keeps no script the program has let go of for this session.
    session.post('Debugger.enable', { maxScriptsCacheSize: 0 });
    // The program's own `debugger;` statements do not pause it for this session (which could not
    // resume it: Node resumes at once, but other debuggers would see a pause nobody asked for).
    session.post('Debugger.setBreakpointsActive', { active: false });
  } catch (error) {
    session.disconnect();
    throw error;
  } finally {
    listing = false;
  }
  const disconnect = (): void => {
    session.off('Debugger.scriptParsed', onParsed as never);
    session.off('Debugger.paused', onPaused);
    session.off('Debugger.resumed', onResumed);
    session.disconnect();
  };
  return () => {
    if (stopped) return;
    stopped = true;
    // Undone from a listener of the event being handled: disconnecting while V8 is compiling
    // crashes the process (a segmentation fault, Node 20 and 24), so it waits for the stack to
    // empty. Meanwhile the session reports nothing.
    if (handling > 0) queueMicrotask(disconnect);
    else disconnect();
  };
}

/** A script's source, asked of V8 at once (an in-thread session answers synchronously). */
function sourceOf(session: Session, scriptId: string): string | undefined {
  let source: string | undefined;
  session.post('Debugger.getScriptSource', { scriptId }, (error, reply) => {
    if (error === null) source = reply.scriptSource;
  });
  return source;
}

function compiledString(source: string, filename: string | undefined): CompiledString {
  const constructed = constructedFunction.exec(source);
  if (constructed === null) return { kind: 'eval', code: source, api: 'eval', filename };
  const [, async, generator] = constructed;
  const api = `${async ? 'Async' : ''}${generator ? 'Generator' : ''}Function`;
  return { kind: 'function', code: constructed.groups?.['body'] ?? '', api, filename };
}

let liveEdit: boolean | undefined;

/**
 * Whether V8 replaces a script's code here (live edit), which stopping an eval takes: asked once,
 * by a dry run of an edit that changes nothing on a script V8 holds. Node 26's V8 has none.
 */
export function liveEditAvailable(): boolean {
  if (liveEdit !== undefined) return liveEdit;
  const { Session: SessionClass } = builtinModule('node:inspector');
  const session: Session = new SessionClass();
  session.connect();
  let scriptId: string | undefined;
  // A file's script (hookline's own, at least): V8 answers other things for Node's own scripts.
  session.on('Debugger.scriptParsed', (({ params }: { params: ScriptParsed }) => {
    if (params.url.startsWith('file:')) scriptId ??= params.scriptId;
  }) as never);
  let answer: string | undefined;
  try {
    session.post('Debugger.enable', { maxScriptsCacheSize: 0 });
    const source = scriptId === undefined ? undefined : sourceOf(session, scriptId);
    if (scriptId !== undefined && source !== undefined) {
      const edit = { scriptId, scriptSource: source, dryRun: true };
      session.post('Debugger.setScriptSource', edit, (error) => {
        answer = error === null ? 'ok' : error.message;
      });
    }
  } finally {
    session.disconnect();
  }
  // Only V8's own answer that the edit is gone says no: anything else leaves it to each eval.
  liveEdit = answer === undefined || !liveEditGone.test(answer);
  return liveEdit;
}

/**
 * What the inspector answers where V8 has no live edit any more (Node 26's V8 14): no script's
 * source can be replaced, so no eval can be stopped.
 */
const liveEditGone = /no longer available/;

/**
 * Makes the script throw `denial` instead of running: its source becomes one `throw` (V8's live
 * edit of a script that has not started). The error waits on the global object for it. Returns
 * why V8 refused the edit, `undefined` when it took it.
 */
function deny(session: Session, scriptId: string, denial: unknown): string | undefined {
  Object.defineProperty(globalThis, DENIAL_KEY, {
    value: denial,
    configurable: true,
    writable: true,
    enumerable: false,
  });
  let refused: string | undefined = 'no answer';
  session.post(
    'Debugger.setScriptSource',
    {
      scriptId,
      scriptSource: `throw globalThis[Symbol.for(${JSON.stringify(DENIAL_KEY.description)})];`,
    },
    (error, reply) => {
      const status = (reply as { status?: string } | undefined)?.status;
      if (error !== null) refused = error.message;
      else refused = [undefined, 'Ok'].includes(status) ? undefined : `status ${status}`;
    },
  );
  return refused;
}
