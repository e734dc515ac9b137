import { createInterface } from 'node:readline';
import { Recoverable, start } from 'node:repl';
import type { Evaluated } from '../inject/session.js';
import { InjectionSession } from '../inject/session.js';
import { SignalWatch } from '../inject/signal-watch.js';

/** A way of attaching: resolves once it ends, with why if the session was lost; `stop` ends it. */
interface Attached {
  readonly done: Promise<Error | undefined>;
  stop(): void;
}

/**
 * A prompt inside the running Node.js process `pid`: each line runs there, through its
 * inspector, as that process's own REPL would run it (its globals, top-level `await`,
 * declarations kept), and prints the value as it would; Tab completes from the process's
 * globals and properties, evaluated with side effects refused. `.exit` or Ctrl+D detaches, and
 * the inspector is closed again. Resolves to the exit code; rejects with why the session was
 * lost (the process ended, or its inspector closed), never waiting on a process that is gone.
 * SIGINT, SIGTERM and SIGHUP detach too, and then end this process with the signal.
 */
export async function attachToProcess(pid: number): Promise<number> {
  using watch = new SignalWatch();
  const opening = InjectionSession.open(pid);
  const opened = await watch.race(opening);
  if ('signal' in opened) {
    await (await opening.catch(() => undefined))?.close();
    return watch.raise(opened.signal);
  }
  const session = opened.value;
  const { stdin, stdout } = process;
  const terminal = stdin.isTTY === true && stdout.isTTY === true;
  let attached: Attached | undefined;
  try {
    // On stderr from a pipe: what the lines print is the output, for a script to read.
    (terminal ? stdout : process.stderr).write(
      `Attached to process ${pid}: each line runs in it. .exit or Ctrl+D detaches (and closes its inspector). Node's modules: process.getBuiltinModule('node:fs').\n`,
    );
    attached = terminal ? prompt(session, pid) : lines(session);
    const outcome = await watch.race(attached.done);
    if ('signal' in outcome) {
      attached.stop();
      await session.close();
      return watch.raise(outcome.signal);
    }
    if (outcome.value !== undefined) throw outcome.value;
    return 0;
  } finally {
    attached?.stop();
    await session.close();
    // Nothing more is read: the process may end while its input stays open.
    if (terminal) stdin.pause();
    else stdin.destroy();
  }
}

/** The prompt, in a terminal: Node's REPL, its lines run in the process. */
function prompt(session: InjectionSession, pid: number): Attached {
  const { stdin, stdout } = process;
  const colors = stdout.hasColors();
  let lost: Error | undefined;
  const repl = start({
    prompt: `${pid}> `,
    input: stdin,
    output: stdout,
    terminal: true,
    ignoreUndefined: true,
    // What the process printed is shown as it is: it was inspected there.
    writer: (output: unknown) => String(output),
    eval(code, _context, _file, callback) {
      session.evaluate(code, colors).then(
        ({ text, threw }) => {
          if (!threw) return callback(null, text);
          // More lines to come: Node's REPL asks for them as it does for its own code.
          if (needsMore({ text, threw })) {
            return callback(new Recoverable(new SyntaxError(text)), undefined);
          }
          stdout.write(`${text}\n`);
          return callback(null, undefined);
        },
        // The session is gone (the process ended, the connection was lost): so is the prompt.
        (error: Error) => end(error),
      );
    },
    completer(line: string, callback: (error: Error | null, result: [string[], string]) => void) {
      const match = /([\w$.]*?)\.?([\w$]*)$/.exec(line);
      const whole = match?.[0] ?? '';
      const expression = whole.includes('.') ? whole.slice(0, whole.lastIndexOf('.')) : '';
      const partial = match?.[2] ?? '';
      session.namesOf(expression).then(
        (names) => {
          const found = [...new Set(names)].filter((name) => name.startsWith(partial)).sort();
          callback(null, [found, partial]);
        },
        () => callback(null, [[], partial]),
      );
    },
  });
  let closed = false;
  const done = new Promise<Error | undefined>((resolve) => {
    repl.once('exit', () => {
      closed = true;
      resolve(lost);
    });
    // A terminal closed under the prompt: the REPL's close fails to reset it (setRawMode EIO)
    // and says so as an 'error', which would end this process before it left the session.
    const terminalGone = () => {
      closed = true;
      resolve(lost);
    };
    repl.on('error', terminalGone);
    stdin.on('error', terminalGone);
  });
  function end(error?: Error) {
    lost ??= error;
    if (closed) return;
    closed = true;
    repl.close();
  }
  // The process may end, or its inspector close, while the prompt waits for a line.
  void session.ended.then((error) => end(error));
  return { done, stop: () => end() };
}

/** Whether code ended before it was whole (a block still open): more lines are to come. */
function needsMore({ text, threw }: Evaluated): boolean {
  return threw && /^SyntaxError: (Unexpected end of input|Unterminated template)/.test(text);
}

/**
 * Input from a pipe (`hookline attach 123 < commands.js`): each line run in turn, in the order
 * given, after the one before has answered — a line that leaves a block open waits for the lines
 * that close it — and the end of the input, or a `.exit` line, detaches once the last has
 * answered. (Node's REPL would read ahead and detach at the end of the input with lines still
 * running.)
 */
function lines(session: InjectionSession): Attached {
  const input = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const ran = (async () => {
    let code = '';
    for await (const line of input) {
      if (code === '' && line.trim() === '.exit') break;
      code = code === '' ? line : `${code}\n${line}`;
      if (code.trim() === '') {
        code = '';
        continue;
      }
      const evaluated = await session.evaluate(code, false);
      if (needsMore(evaluated)) continue;
      code = '';
      (evaluated.threw ? process.stderr : process.stdout).write(`${evaluated.text}\n`);
    }
    if (code !== '') {
      const { text } = await session.evaluate(code, false);
      process.stderr.write(`${text}\n`);
    }
    return undefined;
  })();
  // A session lost while the input has no line for it is reported then, not at the next line.
  const done = Promise.race([ran.catch((error: Error) => error), session.ended]);
  return { done, stop: () => input.close() };
}
