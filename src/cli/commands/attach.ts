import { statSync } from 'node:fs';
import { attachToSocket } from '../attach/socket-client.js';
import type { Command } from '../command.js';

const help = [
  'Usage: hookline attach <socket>',
  '',
  'Opens the prompt of a hook() that waits on a Unix socket: a program run with',
  'HOOKLINE_HOOK=socket prints "hook() at <file:line> is waiting on socket <path>" at each',
  'hook. From a terminal the prompt has line editing, completion and colours; Ctrl+D (or',
  '.exit) resumes the program. Input from a pipe is read line by line.',
].join('\n');

/** `hookline attach`: the client of `hook()`'s socket prompt. */
export const attach: Command = {
  name: 'attach',
  summary: 'open the prompt of a hook() waiting on a socket (HOOKLINE_HOOK=socket)',
  help,
  async run(argv) {
    const [target, ...extra] = argv;
    if (target === undefined || extra.length > 0) {
      process.stderr.write(
        `hookline attach: expected one socket path${extra.length > 0 ? `, got ${argv.length} arguments` : ''}. Run \`hookline attach --help\` for usage.\n`,
      );
      return 2;
    }
    if (!isSocket(target)) {
      process.stderr.write(
        `hookline attach: ${target} is no socket a hook() waits on (it does not exist, or is another kind of file). Copy the path from the program's "is waiting on socket" line.\n`,
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
