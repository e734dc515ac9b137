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
export function describeFrame(frame: V8CallSite): CallSite {
  const name = frame.getFileName() ?? frame.getScriptNameOrSourceURL() ?? '<unknown>';
  const position = originalPosition(name, frame.getLineNumber() ?? 0, frame.getColumnNumber() ?? 0);
  const functionName =
    frame.getFunctionName() ??
    (frame.isToplevel() && !frame.getTypeName() ? '<module>' : '<anonymous>');
  return { ...position, functionName };
}

/** V8's structured frames below `callee`, at most `limit` of them. */
export function structuredStack(callee: Function, limit: number): V8CallSite[] {
  const holder: { stack?: V8CallSite[] } = {};
  const savedPrepare = Error.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = (_error, frames) => frames;
    Error.stackTraceLimit = limit;
    Error.captureStackTrace(holder, callee);
    return holder.stack ?? [];
  } finally {
    Error.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
  }
}

/** `file:line` as editors and terminals link it. */
export function formatSite(site: Pick<CallSite, 'file' | 'line'>): string {
  return `${site.file}:${site.line}`;
}
