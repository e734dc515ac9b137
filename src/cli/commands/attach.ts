import { statSync } from 'node:fs';
import { attachToProcess } from '../attach/process-repl.js';
import { attachToSocket } from '../attach/socket-client.js';
import type { Command } from '../command.js';
import { TARGET_ENDED, TargetEnded } from '../inject/target-ended.js';
import { withWebSocket } from '../inject/web-socket.js';

const help = [
  'Usage: hookline attach <pid>',
  '       hookline attach <socket>',
  '',
  'With a process id: a prompt inside that running Node.js process. Each line runs in it, as',
  'its own REPL would run it (its globals, top-level await), and Tab completes from its',
  'globals and properties. The process is sent SIGUSR1, which opens its inspector on',
  '127.0.0.1; .exit or Ctrl+D detaches and closes the inspector again (unless it was open',
  "already, or another hookline is connected to it). Only the process's own user (or root) can",
  "do this. No require() or import() there: Node's modules are",
  "process.getBuiltinModule('node:fs'). Exit code 3 when the process ended (the code ended it,",
  'or it ended meanwhile), 1 when the connection to it was lost.',
  '',
  'With a socket: the prompt of a hook() that waits on it (a program run with',
  'HOOKLINE_HOOK=socket prints "hook() at <file:line> is waiting on socket <path>"). From a',
  'terminal the prompt has line editing, completion and colours; Ctrl+D (or .exit) resumes',
  'the program. Input from a pipe is read line by line.',
].join('\n');

/** `hookline attach`: the client of `hook()`'s socket prompt. */
export const attach: Command = {
  name: 'attach',
  summary: 'a prompt inside a running Node.js process, or a hook() waiting on a socket',
  help,
  async run(argv) {
    const [target, ...extra] = argv;
    if (target === undefined || extra.length > 0) {
      process.stderr.write(
        `hookline attach: expected a process id or a socket path${extra.length > 0 ? `, got ${argv.length} arguments` : ''}. Run \`hookline attach --help\` for usage.\n`,
      );
      return 2;
    }
    if (/^\d+$/.test(target)) {
      const relaunched = await withWebSocket(['attach', ...argv]);
      if (relaunched !== undefined) return relaunched;
      try {
        return await attachToProcess(Number(target));
      } catch (error) {
        const ended = error instanceof TargetEnded;
        process.stderr.write(
          `hookline attach: ${(error as Error).message}${ended ? '; detached' : ''}.\n`,
        );
        return ended ? TARGET_ENDED : 1;
      }
    }
    if (!isSocket(target)) {
      process.stderr.write(
        `hookline attach: ${target} is no process id, nor a socket a hook() waits on (it does not exist, or is another kind of file). Give a process id, or copy the path from the program's "is waiting on socket" line.\n`,
      );
      return 2;
    }
    try {
      return await attachToSocket(target);
    } catch (error) {
      process.stderr.write(`hookline attach: ${(error as Error).message}.\n`);
      return 1;
    }
  },
};

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}
