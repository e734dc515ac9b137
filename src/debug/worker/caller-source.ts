import type { AnyNode } from 'acorn';
import { fullAncestor } from 'acorn-walk';
import { patternNames } from '../../internal/pattern-names.js';
import { offsetOf, parseScript } from './script-source.js';

// What the caller's own source says about the names at the paused line: which are `const`
// (V8 lets a debugger "assign" a stack-allocated const and silently drops the write), and
// which exist at all (a variable an inner function never uses is optimised out of its closure,
// so reading it fails although the source declares it).

/** Declarations visible at one position of a script, innermost binding first. */
export interface Declarations {
  /** Every name declared in a scope enclosing the position. */
  readonly declared: ReadonlySet<string>;
  /** The names whose innermost visible declaration is a `const`. */
  readonly consts: ReadonlySet<string>;
}

const empty: Declarations = { declared: new Set(), consts: new Set() };

/**
 * The declarations visible at `line`/`column` (0-based, as the inspector gives them) in
 * `source`. Source that does not parse (TypeScript not yet stripped, a newer syntax) gives
 * nothing: callers then fall back to what V8 says.
 */
export function declarationsAt(source: string, line: number, column: number): Declarations {
  const program = parseScript(source);
  if (program === undefined) return empty;
  const offset = offsetOf(source, line, column);
  let path: AnyNode[] = [];
  fullAncestor(program, (node, _state, ancestors) => {
    if (node.start <= offset && offset <= node.end && ancestors.length > path.length) {
      path = [...ancestors];
    }
  });
  const seen = new Set<string>();
  const consts = new Set<string>();
  const record = (names: string[], isConst: boolean) => {
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (isConst) consts.add(name);
    }
  };
  for (const node of [...path].reverse()) recordScope(node, record);
  return { declared: seen, consts };
}

function recordScope(node: AnyNode, record: (names: string[], isConst: boolean) => void): void {
  const statements = scopeStatements(node);
  for (const item of statements) {
    const statement =
      item.type === 'ExportNamedDeclaration' && item.declaration ? item.declaration : item;
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        record(patternNames(declarator.id), statement.kind === 'const');
      }
    } else if (
      (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') &&
      statement.id
    ) {
      record([statement.id.name], false);
    } else if (statement.type === 'ImportDeclaration') {
      // Imports are bindings that cannot be assigned, like a const.
      record(
        statement.specifiers.map((specifier) => specifier.local.name),
        true,
      );
    }
  }
  if (
    node.type === 'FunctionDeclaration' ||
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression'
  ) {
    record(
      node.params.flatMap((param) => patternNames(param)),
      false,
    );
    if (node.type !== 'ArrowFunctionExpression' && node.id) record([node.id.name], false);
  } else if (node.type === 'CatchClause' && node.param) {
    record(patternNames(node.param), false);
  } else if (
    (node.type === 'ForStatement' && node.init?.type === 'VariableDeclaration') ||
    ((node.type === 'ForInStatement' || node.type === 'ForOfStatement') &&
      node.left.type === 'VariableDeclaration')
  ) {
    const head = node.type === 'ForStatement' ? node.init : node.left;
    if (head?.type === 'VariableDeclaration') {
      for (const declarator of head.declarations) {
        record(patternNames(declarator.id), head.kind === 'const');
      }
    }
  }
}

function scopeStatements(node: AnyNode): readonly AnyNode[] {
  switch (node.type) {
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
      return node.body;
    case 'SwitchCase':
      return node.consequent;
    default:
      return [];
  }
}
