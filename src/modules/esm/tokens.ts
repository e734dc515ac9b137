/**
 * The few token-level reads instrumenting needs between positions the module lexer reported:
 * where the next token starts, and which keyword it is. Never used to find statements — only to
 * read forward from a statement start the lexer gave.
 */

/** Whitespace, line terminators and comments, as one run. */
const TRIVIA = /(?:\s|\/\/[^\n\r\u2028\u2029]*|\/\*[\s\S]*?\*\/)*/y;
/** Made on first use, as each pattern of Unicode classes is (see module-syntax.ts). */
let word: RegExp | undefined;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/** The position of the first token at or after `position`. */
export function skipTrivia(source: string, position: number): number {
  TRIVIA.lastIndex = position;
  TRIVIA.exec(source);
  return TRIVIA.lastIndex;
}

/** The identifier or keyword that starts at `position`, or `''`. */
export function wordAt(source: string, position: number): string {
  word ??= /[\p{ID_Start}$_][\p{ID_Continue}$]*/uy;
  word.lastIndex = position;
  return word.exec(source)?.[0] ?? '';
}

/** Whether the trivia between two tokens holds a line break (so ASI may apply there). */
export function hasLineBreak(source: string, start: number, end: number): boolean {
  return LINE_TERMINATOR.test(source.slice(start, end));
}
