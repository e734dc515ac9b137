import { pathToFileURL } from 'node:url';

/**
 * The URL of the file that called `fn` (the frame right above it), for APIs that resolve
 * specifiers the way their caller would. `undefined` from the REPL or `eval`.
 */
export function callerUrl(fn: Function): string | undefined {
  const original = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 1;
    Error.prepareStackTrace = (_, frames) => frames;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, fn);
    const file = holder.stack?.[0]?.getFileName();
    if (!file) return undefined;
    return file.startsWith('/') ? pathToFileURL(file).href : file;
  } finally {
    Error.prepareStackTrace = original;
    Error.stackTraceLimit = limit;
  }
}
