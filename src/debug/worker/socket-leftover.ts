import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { debug } from '../../internal/debuglog.js';

// A socket's file, and the folder made for it, removed however the process ends. A signal that
// ends it while a prompt waits (SIGTERM, SIGINT, SIGHUP) finds the main thread paused in the
// debugger: no JavaScript of its runs again, no 'exit' listener, and a signal handler would only
// keep the signal from ending the process. So a small shell started as the socket is listened on
// holds a pipe from this process and removes what is left when the pipe closes, which the
// system does as the process ends, by any signal too. At a normal exit the process removes it
// itself, and tells the shell to leave it alone (a path HOOKLINE_HOOK_SOCKET gives may be
// listened on by the next run by then).

const SCRIPT = `trap '' HUP INT QUIT TERM; read -r word; [ "$word" = keep ] || rm -rf -- "$1"`;

/** The shell watching over a leftover; `keep()` when the process removed it itself. */
export interface LeftoverWatch {
  keep(): void;
}

/**
 * Starts the shell that removes `leftover` as this process ends (a session of its own, so that
 * a terminal's Ctrl+C or hang-up does not end it first). Where it cannot start (no `/bin/sh`,
 * Windows, an audit policy that denies it), the leftover stays as it did before.
 *
 * @example
 * ```ts
 * const watch = removeAtEnd('/tmp/hookline-Ab12Cd');
 * watch.keep(); // at a normal exit, once the process removed it
 * ```
 */
export function removeAtEnd(leftover: string): LeftoverWatch {
  const none: LeftoverWatch = { keep() {} };
  if (process.platform === 'win32') return none;
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', SCRIPT, 'hookline-socket-leftover', leftover], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
  } catch (error) {
    debug('no watch over the socket left behind: %s', (error as Error).message);
    return none;
  }
  child.once('error', (error) => debug('no watch over the socket left behind: %s', error.message));
  // Neither keeps the worker, nor so the process, alive.
  child.unref();
  const pipe = child.stdin as Socket;
  pipe.on('error', (error) => debug('socket leftover watch: %s', error.message));
  pipe.unref();
  return {
    keep() {
      pipe.end('keep\n');
    },
  };
}
