import type * as Acorn from 'acorn';
import { eachNode, inOwnFunction, nameOf } from './ast.js';

/** The modules whose `assert`, `ok` and `strict` are rewritten: node:assert, strict or not. */
const ASSERT_MODULES = new Set(['assert', 'node:assert', 'assert/strict', 'node:assert/strict']);

/**
 * How a name is bound to node:assert: the module itself (callable, with `.ok`), a namespace
 * import (only `.ok`), or its `ok` function.
 */
export type Binding = 'module' | 'namespace' | 'ok';

/**
 * The module's top-level names bound to node:assert by an import or a `require` (`const assert
 * = require('assert')`, `const { ok } = require('node:assert/strict')`). A name the module
 * declares again anywhere (a parameter, an inner variable) is left out: calls through it may
 * mean something else, and are not rewritten.
 */
export function assertBindings(program: Acorn.Program): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  const bound = (name: string, binding: Binding) => bindings.set(name, binding);
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration') {
      if (!ASSERT_MODULES.has(String(statement.source.value))) continue;
      for (const specifier of statement.specifiers) {
        if (specifier.type === 'ImportDefaultSpecifier') bound(specifier.local.name, 'module');
        else if (specifier.type === 'ImportNamespaceSpecifier')
          bound(specifier.local.name, 'namespace');
        else {
          const imported = nameOf(specifier.imported);
          if (imported === 'ok') bound(specifier.local.name, 'ok');
          else if (imported === 'default' || imported === 'strict')
            bound(specifier.local.name, 'module');
        }
      }
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        if (!declarator.init || !requiresAssert(declarator.init)) continue;
        const { id } = declarator;
        if (id.type === 'Identifier') bound(id.name, 'module');
        else if (id.type === 'ObjectPattern') {
          for (const property of id.properties) {
            if (property.type !== 'Property' || property.value.type !== 'Identifier') continue;
            const key = property.computed ? undefined : nameOf(property.key);
            if (key === 'ok') bound(property.value.name, 'ok');
            else if (key === 'strict') bound(property.value.name, 'module');
          }
        }
      }
    }
  }
  if (bindings.size === 0) return bindings;
  const declared = new Map<string, number>();
  eachNode(program, (node) => {
    for (const name of declaredNames(node)) declared.set(name, (declared.get(name) ?? 0) + 1);
    return true;
  });
  for (const name of [...bindings.keys()]) {
    if ((declared.get(name) ?? 0) > 1) bindings.delete(name);
  }
  return bindings;
}

/** `require('node:assert')`, or its `.strict`. */
function requiresAssert(node: Acorn.Expression): boolean {
  if (node.type === 'MemberExpression' && !node.computed && nameOf(node.property) === 'strict') {
    return node.object.type !== 'Super' && requiresAssert(node.object);
  }
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') return false;
  const [first] = node.arguments;
  return (
    node.callee.name === 'require' &&
    node.arguments.length === 1 &&
    first?.type === 'Literal' &&
    ASSERT_MODULES.has(String(first.value))
  );
}

/** The names a node declares in its scope, or in its function's. */
function declaredNames(node: Acorn.AnyNode): string[] {
  switch (node.type) {
    case 'VariableDeclarator':
      return patternNames(node.id);
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return [
        ...(node.id ? [node.id.name] : []),
        ...node.params.flatMap((param) => patternNames(param)),
      ];
    case 'ClassDeclaration':
    case 'ClassExpression':
      return node.id ? [node.id.name] : [];
    case 'CatchClause':
      return node.param ? patternNames(node.param) : [];
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
      return [node.local.name];
    default:
      return [];
  }
}

function patternNames(pattern: Acorn.Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) =>
        property.type === 'RestElement'
          ? patternNames(property.argument)
          : patternNames(property.value as Acorn.Pattern),
      );
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? patternNames(element) : []));
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    case 'RestElement':
      return patternNames(pattern.argument);
    default:
      return [];
  }
}

/**
 * The calls to rewrite: an assert bound to node:assert called with an expression first (not a
 * spread), not through `?.()`. An assert inside another's expression (in a callback written
 * there) is left as it is; so is one whose expression yields, which a function cannot wrap.
 */
export function assertCalls(
  program: Acorn.Program,
  bindings: ReadonlyMap<string, Binding>,
): Acorn.CallExpression[] {
  const calls: Acorn.CallExpression[] = [];
  eachNode(program, (node) => {
    if (node.type !== 'CallExpression' || node.optional || !callsAssert(node.callee, bindings))
      return true;
    const [first] = node.arguments;
    if (!first || first.type === 'SpreadElement') return true;
    if (!inOwnFunction(first, 'YieldExpression')) calls.push(node);
    return false;
  });
  return calls;
}

function callsAssert(
  callee: Acorn.Expression | Acorn.Super,
  bindings: ReadonlyMap<string, Binding>,
) {
  if (callee.type === 'Identifier') {
    const binding = bindings.get(callee.name);
    return binding === 'module' || binding === 'ok';
  }
  if (callee.type !== 'MemberExpression' || callee.computed || callee.optional) return false;
  // `assert.ok(…)`, and `assert.strict(…)`: the module's strict version is an assert function too.
  const method = nameOf(callee.property);
  if (callee.object.type !== 'Identifier' || (method !== 'ok' && method !== 'strict')) return false;
  const binding = bindings.get(callee.object.name);
  return binding === 'module' || binding === 'namespace';
}
