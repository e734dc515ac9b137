import { asArgument } from './cdp.js';
import type { PausedProgram } from './paused-program.js';

const keywords = [
  'async',
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'let',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'undefined',
  'var',
  'void',
  'while',
  'with',
  'yield',
];

/** What the completer knows without asking the main thread again. */
export interface CompletionContext {
  readonly frameNames: ReadonlySet<string>;
  readonly globalNames: readonly string[];
  /** REPL commands, without the leading dot. */
  readonly commands: readonly string[];
}

/** `a.b.c` or `x[0].y` followed by `.` and a partial name, at the end of the line. */
const memberAccess =
  /((?:[\p{L}\p{N}_$]+|\)|\])(?:\s*(?:\.\s*[\p{L}\p{N}_$]+|\[[^\]]*\]|\([^()]*\)))*)\s*\.\s*([\p{L}\p{N}_$]*)$/u;
const bareName = /(?:^|[^\p{L}\p{N}_$.])([\p{L}_$][\p{L}\p{N}_$]*)?$/u;

/**
 * Completions for the end of `line`, in the shape Node's REPL wants: the candidates and the
 * part of the line they complete. Names come from the paused frame's scopes, the prompt's own
 * declarations and the globals; properties after `.` from the value the expression has on the
 * frame, evaluated without side effects (V8 refuses to run anything that would change state).
 */
export async function completeAt(
  program: PausedProgram,
  frame: number,
  line: string,
  context: CompletionContext,
): Promise<[string[], string]> {
  const command = /^\s*\.([\w-]*)$/.exec(line);
  if (command) {
    const partial = command[1] ?? '';
    return [
      context.commands.filter((name) => name.startsWith(partial)).map((name) => `.${name}`),
      `.${partial}`,
    ];
  }
  const member = memberAccess.exec(line);
  if (member?.[1] !== undefined) {
    const partial = member[2] ?? '';
    const groups = await propertyNames(program, frame, member[1]);
    const matches = groups
      .map((group) => group.filter((name) => name.startsWith(partial)))
      .filter((group) => group.length > 0);
    // An empty string between groups is how Node's REPL separates own from inherited names.
    return [matches.flatMap((group, index) => (index === 0 ? group : ['', ...group])), partial];
  }
  const partial = bareName.exec(line)?.[1] ?? '';
  const declared = await program.callToolkit<string[]>('declaredNames');
  const candidates = new Set([
    ...declared,
    ...context.frameNames,
    ...context.globalNames,
    ...keywords,
  ]);
  return [[...candidates].filter((name) => name.startsWith(partial)).sort(), partial];
}

/**
 * The property names of `expression`'s value, evaluated without side effects: on the frame
 * itself, or, for a name declared at the prompt, inside the prompt's scope (the frame cannot
 * reach that scope without a `Symbol.for` lookup, which V8 counts as a side effect).
 */
async function propertyNames(
  program: PausedProgram,
  frame: number,
  expression: string,
): Promise<string[][]> {
  const root = /^[\p{L}_$][\p{L}\p{N}_$]*/u.exec(expression)?.[0];
  const declared =
    root !== undefined && (await program.callToolkit<string[]>('declaredNames')).includes(root);
  const reply = declared
    ? await program.callOnToolkit(
        `function () { with (this.scopes.declared) { return (${expression}\n); } }`,
        { throwOnSideEffect: true },
      )
    : await program.evaluate(frame, expression, { throwOnSideEffect: true, silent: true });
  if (reply.exceptionDetails) return [];
  const { result } = reply;
  if (result.type === 'undefined' || result.subtype === 'null') return [];
  return program.callToolkit<string[][]>('propertyNames', [asArgument(result)]);
}
