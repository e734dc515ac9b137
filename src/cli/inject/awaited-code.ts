import { type Program, parse } from 'acorn';

/**
 * `code` with its last statement's value awaited, when that statement is an expression:
 * `fetch(url)` becomes `await (fetch(url))`. The inspector's REPL mode shows a promise left as
 * the last value as it is, unsettled, and with no handler on it: one that rejects is then an
 * unhandled rejection in the process, which ends it. Awaited in the same evaluation, its value is
 * what is shown and its rejection is the code's error. Code the parser cannot read is left as it
 * is, for V8 to say what is wrong with it.
 *
 * @example
 * ```ts
 * awaitedCode('const a = 1; Promise.resolve(a)'); // 'const a = 1; await (Promise.resolve(a))'
 * ```
 */
export function awaitedCode(code: string): string {
  let program: Program;
  try {
    program = parse(code, { ecmaVersion: 'latest', allowAwaitOutsideFunction: true });
  } catch {
    return code;
  }
  const last = program.body.at(-1);
  if (last?.type !== 'ExpressionStatement') return code;
  const { start, end } = last.expression;
  return `${code.slice(0, start)}await (${code.slice(start, end)})${code.slice(end)}`;
}
