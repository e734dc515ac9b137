import { fileURLToPath } from 'node:url';
import { describeFrame, type StackFrame, structuredStack } from '../internal/call-site.js';
import type { AuditSite } from './types.js';

/** hookline's own folder (dist/), as a path and as a URL: ES module frames are named by URL. */
const ownUrl = new URL('../', import.meta.url).href;
const ownPath = fileURLToPath(ownUrl);

/**
 * The Node files that implement one audited operation with another (writeFileSync opens with
 * fs.openSync, http.request connects with net.createConnection, exec spawns): a call from one of
 * them is part of an operation already reported, not one of its own.
 */
const implementers = new Set([
  'node:fs',
  'node:internal/fs/streams',
  'node:internal/fs/promises',
  'node:internal/fs/rimraf',
  'node:child_process',
  'node:net',
  'node:tls',
  'node:_tls_wrap',
  'node:http',
  'node:https',
  'node:_http_client',
  'node:_http_agent',
  'node:dns',
  'node:internal/dns/promises',
  'node:internal/deps/undici/undici',
  'node:crypto',
  'node:vm',
  'node:internal/vm',
  'node:worker_threads',
  'node:internal/worker',
]);

/**
 * How deep the audit looks for the program's frame: a direct call is found within a few frames,
 * and reading fewer costs less; a call through Node's own functions (a promisified fs function,
 * Array#forEach) is looked for again, deeper.
 */
const shallow = 4;
const deep = 24;

/** Sites already described, by position: mapping through source maps and URLs costs. */
const described = new Map<string, AuditSite>();

function fileOf(frame: StackFrame): string | undefined {
  return frame.getFileName() ?? undefined;
}

function isOwn(file: string): boolean {
  return file.startsWith(ownUrl) || file.startsWith(ownPath);
}

/**
 * The program's frame that called the operation `below` stands for, `undefined` when there is
 * none (a static import, a timer's callback Node calls); `null` when the call came from the Node
 * code of another audited operation, or from hookline itself: then it is no event.
 */
export function siteOf(below: Function): AuditSite | undefined | null {
  const found = siteIn(structuredStack(below, shallow));
  return found !== undefined ? found : siteIn(structuredStack(below, deep));
}

function siteIn(frames: StackFrame[]): AuditSite | undefined | null {
  let i = 0;
  // The patch layers that lead to the audit's wrapper.
  while (i < frames.length && isOwnFrame(frames[i] as StackFrame)) i++;
  const caller = frames[i];
  if (caller === undefined) return undefined;
  const callerFile = fileOf(caller);
  if (callerFile !== undefined && implementers.has(callerFile)) return null;
  for (; i < frames.length; i++) {
    const file = fileOf(frames[i] as StackFrame);
    if (file === undefined || file.startsWith('node:')) continue;
    if (isOwn(file)) return null;
    return describe(frames[i] as StackFrame, file);
  }
  return undefined;
}

function describe(frame: StackFrame, file: string): AuditSite {
  const key = `${file}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
  let site = described.get(key);
  if (site === undefined) {
    const { file: shown, line, column, functionName } = describeFrame(frame);
    site = Object.freeze({ file: shown, line, column, function: functionName });
    // A bound on what a program that makes calls from generated code keeps alive.
    if (described.size >= 4096) described.clear();
    described.set(key, site);
  }
  return site;
}

function isOwnFrame(frame: StackFrame): boolean {
  const file = fileOf(frame);
  return file !== undefined && isOwn(file);
}
