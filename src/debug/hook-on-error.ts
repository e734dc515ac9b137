import { sendRequest, threadProblem } from './main-thread.js';
import { hookMode } from './mode.js';
import type { Transport } from './protocol.js';
import {
  noticeExternalInspector,
  noticeOnce,
  socketListened,
  socketTransport,
  terminalProblem,
} from './site.js';
import { toolkit } from './toolkit.js';

/**
 * Post-mortem debugging: from now on, an uncaught exception opens the `hook()` REPL at the
 * frame that threw, with its variables, before the exception ends the program (like Python's
 * `pdb.pm()`, but with the frame still alive). `hookline run --hook-on-error app.js` calls it
 * before the app loads.
 *
 * The Debugger stays enabled for the rest of the run (a stray `debugger;` statement that stops
 * for it is resumed at once). "Uncaught" is V8's prediction at the throw: a rejection handled only later, or an
 * exception handled by a `process.on('uncaughtException')` listener, opens the prompt too. An
 * exception the main module's top level throws, which Node's module loader catches only to pass
 * it on, opens it too: while modules load, caught exceptions stop the program as well, and the
 * worker reads the stack's source to tell the loader's catch from the program's. One that
 * reaches the top level through an `await` opens none (V8 counts it as caught where it is
 * thrown); a line on stderr says so as it ends the program.
 * With no terminal it prints one line and stays off; `HOOKLINE_HOOK=0` turns it off and
 * `HOOKLINE_HOOK=socket` serves the prompt on a socket.
 *
 * @returns whether post-mortem is on.
 * @example
 * // post-mortem.js, loaded before the program: node --import ./post-mortem.js app.js
 * import { hookOnError } from 'hookline/debug';
 * hookOnError();
 */
export function hookOnError(): boolean {
  if (hookMode === 'off') return false;
  const unpausable = threadProblem();
  if (unpausable !== undefined) {
    noticeOnce('post-mortem', `post-mortem prompt is off: ${unpausable.reason}. ${unpausable.fix}`);
    return false;
  }
  let transport: Transport = { kind: 'tty' };
  if (hookMode === 'socket') {
    transport = socketTransport();
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
  if (!process.listeners('uncaughtExceptionMonitor').includes(sayWhyNoPrompt)) {
    process.on('uncaughtExceptionMonitor', sayWhyNoPrompt);
  }
  return true;
}

/**
 * As an exception ends the program (or reaches its `uncaughtException` listeners) with no prompt
 * opened for it, says why, rather than leave the user to wonder.
 */
function sayWhyNoPrompt(error: unknown): void {
  const fate = toolkit.exceptionFate(error);
  if (fate === 'prompted') return;
  noticeOnce(
    'post-mortem missed',
    fate === 'passed'
      ? "no post-mortem prompt for this exception: the top level of a module loaded by import() or --import threw it, and Node's module loader caught it there and passed it on; the frame that threw is gone."
      : "no post-mortem prompt for this exception: where it was thrown, something was to catch it (an await or a promise, as around code after a top-level await, or Node's module loader), so V8 did not count it as uncaught; the frame that threw is gone.",
  );
}
