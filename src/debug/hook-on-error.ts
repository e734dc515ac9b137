import { sendRequest, threadProblem } from './main-thread.js';
import { hookMode } from './mode.js';
import {
  noticeExternalInspector,
  noticeOnce,
  socketListened,
  socketPath,
  terminalProblem,
} from './site.js';

/**
 * Post-mortem debugging: from now on, an uncaught exception opens the `hook()` REPL at the
 * frame that threw, with its variables, before the exception ends the program (like Python's
 * `pdb.pm()`, but with the frame still alive). `hookline run --hook-on-error app.js` calls it
 * before the app loads.
 *
 * The Debugger stays enabled for the rest of the run (a stray `debugger;` statement that stops
 * for it is resumed at once). "Uncaught" is V8's prediction at the throw: a rejection handled only later, or an
 * exception handled by a `process.on('uncaughtException')` listener, opens the prompt too.
 * With no terminal it prints one line and stays off; `HOOKLINE_HOOK=0` turns it off and
 * `HOOKLINE_HOOK=socket` serves the prompt on a socket.
 *
 * @returns whether post-mortem is on.
 * @example
 * import { hookOnError } from 'hookline/debug';
 * hookOnError();
 * await import('./app.js');
 */
export function hookOnError(): boolean {
  if (hookMode === 'off') return false;
  const unpausable = threadProblem();
  if (unpausable !== undefined) {
    noticeOnce('post-mortem', `post-mortem prompt is off: ${unpausable.reason}. ${unpausable.fix}`);
    return false;
  }
  let transport: { kind: 'tty' } | { kind: 'socket'; path: string } = { kind: 'tty' };
  if (hookMode === 'socket') {
    transport = { kind: 'socket', path: socketPath() };
    process.stderr.write(`hookline: uncaught exceptions will wait on socket ${transport.path}\n`);
  } else {
    const problem = terminalProblem();
    if (problem !== undefined) {
      noticeOnce('post-mortem', `post-mortem prompt is off: no terminal (${problem}).`);
      return false;
    }
  }
  noticeExternalInspector();
  const result = sendRequest({ kind: 'post-mortem', transport });
  if (result.kind !== 'served') {
    noticeOnce(
      'post-mortem',
      `post-mortem prompt is off: ${result.kind === 'busy' ? 'a hook is open' : result.reason}.`,
    );
    return false;
  }
  if (transport.kind === 'socket') socketListened();
  return true;
}
