import { url as inspectorUrl } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallSite, callerOf } from '../internal/call-site.js';
import { closeSync, mkdtempSync, openSync, rmSync } from '../internal/fs.js';
import { onOwnExit } from '../internal/own-exit.js';
import type { SocketTransportInfo } from './protocol.js';

// Small main-thread facts a hook needs before it pauses: where it was called, whether there
// is a terminal, where the socket goes, and one-line notices on stderr. fs is taken as it was
// before any audit: the hook's own files are no operations of the program's.

const unknownSite: CallSite = {
  file: '<unknown>',
  line: 0,
  column: 0,
  functionName: '<anonymous>',
};

/** Where `callee` was called from (mapped to the `.ts` source when source maps are on). */
export function siteOf(callee: Function): CallSite {
  return callerOf(callee) ?? unknownSite;
}

/** Why the controlling terminal cannot be opened, or `undefined` when it can. */
export function terminalProblem(): string | undefined {
  try {
    closeSync(openSync('/dev/tty', 'r+'));
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}

let socket: SocketTransportInfo | undefined;
/** A hook or post-mortem listened on the socket: the file at the path is this run's. */
let socketListenedOn = false;

/** Notes that the worker listens on the socket: the file is removed as the process exits. */
export function socketListened(): void {
  socketListenedOn = true;
}

/**
 * The Unix socket hooks are served on: `HOOKLINE_HOOK_SOCKET`, or `repl.sock` in a fresh
 * private (0700) folder under the temp folder, removed when the process exits (and, by the
 * debugger worker, when a signal ends it: see worker/socket-leftover.ts).
 */
export function socketTransport(): SocketTransportInfo {
  if (socket !== undefined) return socket;
  const configured = process.env['HOOKLINE_HOOK_SOCKET'];
  if (configured) {
    socket = { kind: 'socket', path: configured, leftover: configured };
    // Only the socket this run listened on: at a path another process serves, listening failed
    // and the file is that process's.
    onOwnExit(() => {
      if (socketListenedOn) rmSync(configured, { force: true });
    });
  } else {
    const folder = mkdtempSync(join(tmpdir(), 'hookline-'));
    socket = { kind: 'socket', path: join(folder, 'repl.sock'), leftover: folder };
    onOwnExit(() => rmSync(folder, { recursive: true, force: true }));
  }
  return socket;
}

const noticed = new Set<string>();

/** Writes one line on stderr, once per `key` (a hook in a loop says it once). */
export function noticeOnce(key: string, line: string): void {
  if (noticed.has(key)) return;
  noticed.add(key);
  process.stderr.write(`hookline: ${line}\n`);
}

/**
 * Says, once, what a debugger already attached (`--inspect`) means for hooks: it sees hook
 * pauses too, and resuming from it also resumes the hook.
 */
export function noticeExternalInspector(): void {
  const url = inspectorUrl();
  if (url === undefined) return;
  noticeOnce(
    'inspector',
    `an inspector is open (${url}): a debugger attached there sees hook() pauses too, and resuming from it also resumes the hook.`,
  );
}
