import { type AnyNode, type Node, type Pattern, type Program, parse } from 'acorn';
import { ancestor, simple } from 'acorn-walk';
import { patternNames } from '../../internal/pattern-names.js';

// What a line typed at the prompt means before it runs on the paused frame. V8 evaluates it
// like a debugger console does, which has pitfalls of its own: `let`/`const` vanish after the
// line, `var` and `function` declarations are refused, and `await` cannot work while the
// program is paused. So the line is parsed first and its top-level declarations rewritten into
// assignments to the prompt's own scope.

/** A line the prompt can run, with what it declares and assigns. */
export interface PromptCode {
  readonly kind: 'code';
  /** The code to evaluate, declarations rewritten into assignments. */
  readonly source: string;
  /** Names declared at the top level (`let`, `const`, `var`, `function`, `class`). */
  readonly declared: readonly string[];
  /** Those of them declared with `const`. */
  readonly consts: readonly string[];
  /** Plain identifiers the line assigns to (`x = 1`, `x++`, `[a, b] = …`). */
  readonly assigned: readonly string[];
}

export type PromptInput =
  | PromptCode
  | { readonly kind: 'empty' }
  /** Input that can still become valid: the REPL asks for the next line. */
  | { readonly kind: 'incomplete' }
  /** `await` at the top level: it could never settle while the program is paused. */
  | { readonly kind: 'await' }
  /** Not JavaScript: evaluated as typed, so V8 reports the error in its own words. */
  | { readonly kind: 'invalid'; readonly source: string };

const parseOptions = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  allowAwaitOutsideFunction: true,
  allowReturnOutsideFunction: false,
} as const;

/** Parses a line typed at the prompt (see the module comment). */
export function analyzePromptInput(input: string): PromptInput {
  if (input.trim() === '') return { kind: 'empty' };
  // `{ a: 1 }` at a prompt means an object, as in Node's REPL, not a block.
  if (/^\s*\{/.test(input) && !/;\s*$/.test(input)) {
    const wrapped = `(${input.trim()})`;
    const program = tryParse(wrapped);
    if (program !== undefined) return analyzeProgram(wrapped, program);
  }
  let program: Program;
  try {
    program = parse(input, parseOptions);
  } catch (error) {
    return isIncomplete(input, error) ? { kind: 'incomplete' } : { kind: 'invalid', source: input };
  }
  return analyzeProgram(input, program);
}

function tryParse(source: string): Program | undefined {
  try {
    return parse(source, parseOptions);
  } catch {
    // Not an object literal after all: the caller parses the input as it was typed.
    return undefined;
  }
}

function isIncomplete(input: string, error: unknown): boolean {
  const { raisedAt, message } = error as { raisedAt?: number; message?: string };
  if (typeof message === 'string' && /^Unterminated (template|comment)/.test(message)) return true;
  return typeof raisedAt === 'number' && raisedAt >= input.length;
}

function analyzeProgram(source: string, program: Program): PromptInput {
  if (hasTopLevelAwait(program)) return { kind: 'await' };
  const declared: string[] = [];
  const consts: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const text = (node: Node) => source.slice(node.start, node.end);

  for (const statement of program.body) {
    if (statement.type === 'VariableDeclaration') {
      const parts = statement.declarations.map((declarator) => {
        const names = patternNames(declarator.id);
        declared.push(...names);
        if (statement.kind === 'const') consts.push(...names);
        const init = declarator.init ? text(declarator.init) : 'undefined';
        return `(${text(declarator.id)} = ${init})`;
      });
      edits.push({
        start: statement.start,
        end: statement.end,
        text: `void (${parts.join(', ')});`,
      });
    } else if (
      (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') &&
      statement.id
    ) {
      declared.push(statement.id.name);
      edits.push({
        start: statement.start,
        end: statement.end,
        text: `void (${statement.id.name} = ${text(statement)});`,
      });
    } else if (
      (statement.type === 'ForStatement' && statement.init?.type === 'VariableDeclaration') ||
      ((statement.type === 'ForInStatement' || statement.type === 'ForOfStatement') &&
        statement.left.type === 'VariableDeclaration')
    ) {
      // `var` is refused on a paused frame; a loop's own variable is as good as a `let`.
      const head = statement.type === 'ForStatement' ? statement.init : statement.left;
      if (head?.type === 'VariableDeclaration' && head.kind === 'var') {
        edits.push({ start: head.start, end: head.start + 3, text: 'let' });
      }
    }
  }

  let rewritten = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    rewritten = rewritten.slice(0, edit.start) + edit.text + rewritten.slice(edit.end);
  }
  return { kind: 'code', source: rewritten, declared, consts, assigned: assignedNames(program) };
}

function hasTopLevelAwait(program: Program): boolean {
  let found = false;
  const outsideFunctions = (ancestors: AnyNode[]) =>
    !ancestors.some(
      (node) =>
        node.type === 'FunctionExpression' ||
        node.type === 'FunctionDeclaration' ||
        node.type === 'ArrowFunctionExpression',
    );
  ancestor(program, {
    AwaitExpression(_node, _state, ancestors) {
      if (outsideFunctions(ancestors)) found = true;
    },
    ForOfStatement(node, _state, ancestors) {
      if (node.await && outsideFunctions(ancestors)) found = true;
    },
  });
  return found;
}

/** Identifiers assigned in the input, less those it declares itself (at any depth). */
function assignedNames(program: Program): string[] {
  const names = new Set<string>();
  const local = new Set<string>();
  const declare = (pattern: AnyNode | null) => {
    for (const name of patternNames(pattern)) local.add(name);
  };
  simple(program, {
    VariableDeclarator(node) {
      declare(node.id);
    },
    Function(node) {
      for (const param of node.params) declare(param);
    },
    CatchClause(node) {
      declare(node.param ?? null);
    },
    AssignmentExpression(node) {
      for (const name of patternNames(node.left as Pattern)) names.add(name);
    },
    UpdateExpression(node) {
      if (node.argument.type === 'Identifier') names.add(node.argument.name);
    },
  });
  return [...names].filter((name) => !local.has(name));
}
