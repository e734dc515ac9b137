import { pathToFileURL } from 'node:url';
import { structuredStack } from './call-site.js';

/**
 * The URL of the file that called `fn` (the frame right above it), for APIs that resolve
 * specifiers the way their caller would. `undefined` from the REPL or `eval`.
 */
export function callerUrl(fn: Function): string | undefined {
  const file = structuredStack(fn, 1)[0]?.getFileName();
  if (!file) return undefined;
  return file.startsWith('/') ? pathToFileURL(file).href : file;
}
