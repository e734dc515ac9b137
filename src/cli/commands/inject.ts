import { readFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { InjectionSession } from '../inject/session.js';
import { SignalWatch } from '../inject/signal-watch.js';
import { TARGET_ENDED, TargetEnded } from '../inject/target-ended.js';
import { withWebSocket } from '../inject/web-socket.js';

const help = [
  'Usage: hookline inject <pid> [--timeout <seconds>] <file>',
  '       hookline inject <pid> [--timeout <seconds>] -e <code>',
  '',
  'Runs code inside a running Node.js process and prints its value as the REPL would: the',
  'value of the last expression, awaited if it is a promise (top-level await works), or the',
  'error it threw (exit code 1). The process is sent SIGUSR1, which opens its inspector on',
  '127.0.0.1; hookline connects, runs the code, and closes the inspector again (unless it was',
  "open already, or another hookline is connected to it). Only the process's own user (or root)",
  "can do this. The code runs in its global scope: no require() or import() there; Node's",
  "modules are process.getBuiltinModule('node:fs').",
  '',
  'Options:',
  '  --timeout <seconds>  stop waiting for the code after this long (exit code 1; the code',
  '                       may go on in the process). Without it, hookline waits as long as',
  '                       the code runs; Ctrl+C stops waiting, and closes the inspector.',
  '',
  'Exit codes: 0 the value was printed, 1 the code threw or hookline could not run it, 2 bad',
  'arguments, 3 the process ended (the code ended it, or it ended meanwhile).',
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
    const relaunched = await withWebSocket(['inject', ...argv]);
    if (relaunched !== undefined) return relaunched;
    using watch = new SignalWatch();
    const opening = InjectionSession.open(parsed.pid);
    let session: InjectionSession | undefined;
    try {
      const opened = await watch.race(opening);
      if ('signal' in opened) {
        // The inspector this opens may be open already: it is joined to be closed again.
        await (await opening.catch(() => undefined))?.close();
        return watch.raise(opened.signal);
      }
      session = opened.value;
      const colors = process.stdout.hasColors?.() ?? false;
      const ran = await watch.race(within(parsed.timeout, session.evaluate(parsed.code, colors)));
      if ('signal' in ran) {
        await session.close();
        return watch.raise(ran.signal);
      }
      const { text, threw } = ran.value;
      (threw ? process.stderr : process.stdout).write(`${text}\n`);
      return threw ? 1 : 0;
    } catch (error) {
      const ended = error instanceof TargetEnded;
      process.stderr.write(
        `hookline inject: ${(error as Error).message}${ended ? ' while the code ran' : ''}.\n`,
      );
      return ended ? TARGET_ENDED : 1;
    } finally {
      await session?.close();
    }
  },
};

/** `running`, or past `seconds` (if given) an error that says the code may still run. */
function within<T>(seconds: number | undefined, running: Promise<T>): Promise<T> {
  if (seconds === undefined) return running;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `the code gave no answer within ${seconds} s (--timeout): what it awaits may still run in the process`,
          ),
        ),
      seconds * 1000,
    );
  });
  return Promise.race([running, late]).finally(() => clearTimeout(timer));
}

interface Parsed {
  readonly pid: number;
  readonly code: string;
  readonly timeout: number | undefined;
}

/** The process id, the code and the options, or what is wrong with the arguments. */
function parse(argv: readonly string[]): Parsed | string {
  const positional: string[] = [];
  let timeout: number | undefined;
  let code: string | undefined;
  const args = [...argv];
  for (let arg = args.shift(); arg !== undefined; arg = args.shift()) {
    if (arg === '--timeout' || arg.startsWith('--timeout=')) {
      const text = arg === '--timeout' ? args.shift() : arg.slice('--timeout='.length);
      timeout = Number(text);
      if (text === undefined || text.trim() === '' || !Number.isFinite(timeout) || timeout <= 0) {
        return `expected a number of seconds above 0 after --timeout, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`;
      }
    } else if ((arg === '-e' || arg === '--eval') && code === undefined) {
      code = args.shift();
      if (code === undefined) return `expected code after ${arg}`;
    } else {
      positional.push(arg);
    }
  }
  const [pidText, file, ...extra] = positional;
  if (pidText === undefined) return 'expected a process id and the code to run';
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) {
    return `expected a process id, got ${JSON.stringify(pidText)}`;
  }
  const more = code === undefined ? extra : [file, ...extra].filter((arg) => arg !== undefined);
  if (more.length > 0) return `expected one file or -e <code>, got more: ${more.join(' ')}`;
  if (code !== undefined) return { pid, code, timeout };
  if (file === undefined) return 'expected the code to run: a file, or -e <code>';
  try {
    return { pid, code: readFileSync(file, 'utf8'), timeout };
  } catch (error) {
    return `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}): give a file of code, or -e <code>`;
  }
}
