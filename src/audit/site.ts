import { fileURLToPath } from 'node:url';
import { describeFrame, type StackFrame, structuredStack } from '../internal/call-site.js';
import type { AuditSite } from './types.js';

/** hookline's own folder (dist/), as a path and as a URL: ES module frames are named by URL. */
const ownUrl = new URL('../', import.meta.url).href;
const ownPath = fileURLToPath(ownUrl);

/**
 * The Node files that implement one audited operation with another (writeFileSync opens with
 * fs.openSync, http.request connects with net.createConnection, exec spawns; a module loader reads
 * the file a `module.import` names): a call from one of them is part of an operation reported
 * already, or of one the audit reports as its own event, not one of its own. The stream of
 * process.stdout and process.stderr, where they are files, writes the program's output with
 * writeSync: output, as a terminal's or a pipe's is, no file operation.
 */
const implementers = new Set([
  'node:internal/modules/cjs/loader',
  'node:internal/modules/esm/load',
  // Node 26 reads modules' files through a wrapper of fs's functions kept there.
  'node:internal/modules/helpers',
  'node:fs',
  'node:internal/fs/streams',
  'node:internal/fs/promises',
  'node:internal/fs/rimraf',
  // fs.cp copying a tree, with fs's functions (see targets/fs.ts).
  'node:internal/fs/cp/cp',
  'node:internal/fs/cp/cp-sync',
  'node:internal/fs/sync_write_stream',
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
const shallow = 2;
const deep = 24;

/**
 * Sites already described, by file and then position: mapping through source maps and URLs
 * costs, and so does a key made of strings on every call.
 */
const described = new Map<string, Map<number, AuditSite>>();
let describedCount = 0;

function isOwn(file: string): boolean {
  return file.startsWith(ownUrl) || file.startsWith(ownPath);
}

/**
 * The program's frame that called the operation `below` stands for, `undefined` when there is
 * none (a static import, a timer's callback Node calls); `null` when the call came from the Node
 * code of another audited operation, or from hookline itself: then it is no event. With
 * `programCallersOnly`, a call from any of Node's code is none either.
 */
export function siteOf(below: Function, programCallersOnly = false): AuditSite | undefined | null {
  const found = siteIn(structuredStack(below, shallow), programCallersOnly);
  return found !== undefined ? found : siteIn(structuredStack(below, deep), programCallersOnly);
}

function siteIn(frames: StackFrame[], programCallersOnly: boolean): AuditSite | undefined | null {
  let i = 0;
  let file = fileAt(frames, 0);
  // The patch layers that lead to the audit's wrapper.
  while (file !== undefined && isOwn(file)) file = fileAt(frames, ++i);
  if (i >= frames.length) return undefined;
  if (
    file !== undefined &&
    (implementers.has(file) || (programCallersOnly && file.startsWith('node:')))
  ) {
    return null;
  }
  for (; i < frames.length; file = fileAt(frames, ++i)) {
    if (file === undefined || file.startsWith('node:')) continue;
    return isOwn(file) ? null : describe(frames[i] as StackFrame, file);
  }
  return undefined;
}

/** A frame's file, asked once: each question asked of a V8 frame is a call into the engine. */
function fileAt(frames: StackFrame[], i: number): string | undefined {
  return frames[i]?.getFileName() ?? undefined;
}

function describe(frame: StackFrame, file: string): AuditSite {
  // Exact for any position: V8's strings (so columns) stay below 2^29 characters, and 2^24 lines
  // leave the product below 2^53.
  const position = (frame.getLineNumber() ?? 0) * 2 ** 29 + (frame.getColumnNumber() ?? 0);
  const known = described.get(file)?.get(position);
  if (known !== undefined) return known;
  const { file: shown, line, column, functionName } = describeFrame(frame);
  const site = Object.freeze({ file: shown, line, column, function: functionName });
  // A bound on what a program that makes calls from generated code keeps alive.
  if (describedCount >= 4096) {
    described.clear();
    describedCount = 0;
  }
  let inFile = described.get(file);
  if (inFile === undefined) {
    inFile = new Map();
    described.set(file, inFile);
  }
  inFile.set(position, site);
  describedCount++;
  return site;
}
