import { originalPosition } from './source-map.js';

/** Where a function was called from: file, line and function, mapped through source maps. */
export interface CallSite {
  /** The file path (or URL when it is not a `file:` URL): the `.ts` source when mapped. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** The calling function's name, `<anonymous>` or `<module>` at the top level. */
  readonly functionName: string;
}

type V8CallSite = NodeJS.CallSite;

/**
 * The call site of whoever called `callee`: the frame right below `callee` on the stack.
 * Reads V8's structured stack (no string parsing), so it costs a few microseconds; call it
 * only where a site is really needed.
 *
 * @example
 * function where() { return callerOf(where); }
 */
export function callerOf(callee: Function): CallSite | undefined {
  const frames = structuredStack(callee, 1);
  const frame = frames[0];
  if (frame === undefined) return undefined;
  return describeFrame(frame);
}

/** A V8 call site as a {@link CallSite}. */
export function describeFrame(frame: StackFrame): CallSite {
  const name = frame.getFileName() ?? frame.getScriptNameOrSourceURL() ?? '<unknown>';
  const position = originalPosition(name, frame.getLineNumber() ?? 0, frame.getColumnNumber() ?? 0);
  const functionName =
    frame.getFunctionName() || (isModuleTopLevel(frame) ? '<module>' : '<anonymous>');
  return { ...position, functionName };
}

/**
 * Whether a nameless frame runs a module's top level: an ES module's or a script's, or a CommonJS
 * module's, which Node runs as a function wrapped around the whole file. Each is the code that
 * starts at the file's first character, which no nameless function written in the file can (a
 * statement cannot begin with one, and an expression that holds one starts with something else).
 * V8's `isToplevel()` says only that `this` is the global object or undefined, as it is for any
 * arrow function or plain call: it decides only for frames read from a stack's text.
 */
function isModuleTopLevel(frame: StackFrame): boolean {
  const line = frame.getEnclosingLineNumber?.();
  if (line === undefined) return frame.isToplevel() && !frame.getTypeName();
  return line === 1 && frame.getEnclosingColumnNumber?.() === 1;
}

/** What hookline reads of a V8 call site; {@link parsedStack}'s frames have this much too. */
export type StackFrame = Pick<
  V8CallSite,
  | 'getFileName'
  | 'getScriptNameOrSourceURL'
  | 'getLineNumber'
  | 'getColumnNumber'
  | 'getFunctionName'
  | 'isToplevel'
  | 'getTypeName'
> &
  Partial<Pick<V8CallSite, 'getEnclosingLineNumber' | 'getEnclosingColumnNumber'>>;

/** The `prepareStackTrace` that hands back V8's frames as they are. */
const framesAsTheyAre = (_error: Error, frames: V8CallSite[]): V8CallSite[] => frames;

/**
 * V8's structured frames below `callee`, at most `limit` of them. Where `Error.prepareStackTrace`
 * or `Error.stackTraceLimit` cannot be set (`--frozen-intrinsics`, or a program that locked
 * them), read from the stack's text instead, as far as it goes.
 */
export function structuredStack(callee: Function, limit: number): StackFrame[] {
  const savedPrepare = Error.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = framesAsTheyAre;
    Error.stackTraceLimit = limit;
  } catch {
    restoreStackSettings(savedPrepare, savedLimit);
    return parsedStack(callee, limit);
  }
  const holder: { stack?: V8CallSite[] } = {};
  try {
    Error.captureStackTrace(holder, callee);
    return holder.stack ?? [];
  } finally {
    restoreStackSettings(savedPrepare, savedLimit);
  }
}

/** Puts back what {@link structuredStack} changed, assigning only what it did change. */
function restoreStackSettings(prepare: typeof Error.prepareStackTrace, limit: number): void {
  if (Error.prepareStackTrace !== prepare) Error.prepareStackTrace = prepare;
  if (Error.stackTraceLimit !== limit) Error.stackTraceLimit = limit;
}

/** `    at fn (file:line:column)` or `    at file:line:column`, as V8 writes a frame. */
const frameLine = /^\s*at (?:(?:async )?(.+?) \()?(.+):(\d+):(\d+)\)?$/;

/**
 * The frames below `callee` read from the text of a stack as V8 formats it by default (Node's
 * frozen `Error.prepareStackTrace` does the same). None where the program's own formatter throws
 * or writes something else: callers then know no file, as from the REPL.
 */
function parsedStack(callee: Function, limit: number): StackFrame[] {
  const holder: { stack?: unknown } = {};
  let text: unknown;
  try {
    Error.captureStackTrace(holder, callee);
    text = holder.stack;
  } catch {
    return [];
  }
  if (typeof text !== 'string') return [];
  const frames: StackFrame[] = [];
  for (const line of text.split('\n')) {
    const match = frameLine.exec(line);
    if (match === null) continue;
    frames.push(textFrame(match[1], match[2] ?? '', Number(match[3]), Number(match[4])));
    if (frames.length >= limit) break;
  }
  return frames;
}

function textFrame(
  functionName: string | undefined,
  file: string,
  line: number,
  column: number,
): StackFrame {
  return {
    getFileName: () => file,
    getScriptNameOrSourceURL: () => file,
    getLineNumber: () => line,
    getColumnNumber: () => column,
    getFunctionName: () => functionName ?? null,
    isToplevel: () => functionName === undefined,
    getTypeName: () => null,
  };
}

/** `file:line` as editors and terminals link it. */
export function formatSite(site: Pick<CallSite, 'file' | 'line'>): string {
  return `${site.file}:${site.line}`;
}
