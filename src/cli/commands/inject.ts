import { readFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { InjectionSession } from '../inject/session.js';
import { withWebSocket } from '../inject/web-socket.js';

const help = [
  'Usage: hookline inject <pid> <file>',
  '       hookline inject <pid> -e <code>',
  '',
  'Runs code inside a running Node.js process and prints its value as the REPL would: the',
  'value of the last expression, awaited if it is a promise (top-level await works), or the',
  'error it threw (exit code 1). The process is sent SIGUSR1, which opens its inspector on',
  '127.0.0.1; hookline connects, runs the code, and closes the inspector again (unless it was',
  "open already). Only the process's own user (or root) can do this.",
].join('\n');

/** `hookline inject`: run code inside a running Node.js process. */
export const inject: Command = {
  name: 'inject',
  summary: 'run code inside a running Node.js process and print its value',
  help,
  async run(argv) {
    const parsed = parse(argv);
    if (typeof parsed === 'string') {
      process.stderr.write(
        `hookline inject: ${parsed}. Run \`hookline inject --help\` for usage.\n`,
      );
      return 2;
    }
    const relaunched = withWebSocket(['inject', ...argv]);
    if (relaunched !== undefined) return relaunched;
    try {
      const session = await InjectionSession.open(parsed.pid);
      try {
        const colors = process.stdout.hasColors?.() ?? false;
        const { text, threw } = await session.evaluate(parsed.code, colors);
        (threw ? process.stderr : process.stdout).write(`${text}\n`);
        return threw ? 1 : 0;
      } finally {
        await session.close();
      }
    } catch (error) {
      process.stderr.write(`hookline inject: ${(error as Error).message}.\n`);
      return 1;
    }
  },
};

/** The process id and the code, or what is wrong with the arguments. */
function parse(argv: readonly string[]): { pid: number; code: string } | string {
  const [pidText, first, second, ...extra] = argv;
  if (pidText === undefined) return 'expected a process id and the code to run';
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) {
    return `expected a process id, got ${JSON.stringify(pidText)}`;
  }
  if (first === undefined) return 'expected the code to run: a file, or -e <code>';
  if (extra.length > 0) return `expected one file or -e <code>, got more: ${extra.join(' ')}`;
  if (first === '-e' || first === '--eval') {
    if (second === undefined) return `expected code after ${first}`;
    return { pid, code: second };
  }
  if (second !== undefined) return `expected one file or -e <code>, got more: ${second}`;
  try {
    return { pid, code: readFileSync(first, 'utf8') };
  } catch (error) {
    return `cannot read ${first} (${(error as NodeJS.ErrnoException).code ?? 'error'}): give a file of code, or -e <code>`;
  }
}
