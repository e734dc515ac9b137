import { createInterface } from 'node:readline';
import { Recoverable, start } from 'node:repl';
import type { Evaluated } from '../inject/session.js';
import { InjectionSession } from '../inject/session.js';

/**
 * A prompt inside the running Node.js process `pid`: each line runs there, through its
 * inspector, as that process's own REPL would run it (its globals, top-level `await`,
 * declarations kept), and prints the value as it would; Tab completes from the process's
 * globals and properties, evaluated with side effects refused. `.exit` or Ctrl+D detaches, and
 * the inspector is closed again. Resolves to the exit code.
 */
export async function attachToProcess(pid: number): Promise<number> {
  const session = await InjectionSession.open(pid);
  const { stdin, stdout } = process;
  const terminal = stdin.isTTY === true && stdout.isTTY === true;
  const colors = terminal && stdout.hasColors();
  // On stderr from a pipe: what the lines print is the output, for a script to read.
  (terminal ? stdout : process.stderr).write(
    `Attached to process ${pid}: each line runs in it. .exit or Ctrl+D detaches (and closes its inspector).\n`,
  );
  if (!terminal) {
    await runLines(session);
    await session.close();
    return 0;
  }
  const repl = start({
    prompt: `${pid}> `,
    input: stdin,
    output: stdout,
    terminal,
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
        (error: Error) => callback(error, undefined),
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
  await new Promise<void>((resolve) => repl.once('exit', () => resolve()));
  await session.close();
  stdin.pause();
  return 0;
}

/** Whether code ended before it was whole (a block still open): more lines are to come. */
function needsMore({ text, threw }: Evaluated): boolean {
  return threw && /^SyntaxError: (Unexpected end of input|Unterminated template)/.test(text);
}

/**
 * Input from a pipe (`hookline attach 123 < commands.js`): each line run in turn, in the order
 * given, after the one before has answered — a line that leaves a block open waits for the lines
 * that close it — and the end of the input detaches once the last has answered. (Node's REPL
 * would read ahead and detach at the end of the input with lines still running.)
 */
async function runLines(session: InjectionSession): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let code = '';
  for await (const line of lines) {
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
}
