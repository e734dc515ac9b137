import type * as Acorn from 'acorn';
import { patternNames } from '../internal/pattern-names.js';
import { calledFunction, eachNode, inOwnFunction, nameOf } from './ast.js';

/** The modules whose `assert`, `ok` and `strict` are rewritten: node:assert, strict or not. */
const ASSERT_MODULES = new Set(['assert', 'node:assert', 'assert/strict', 'node:assert/strict']);

/**
 * How a name is bound to node:assert: the module itself (callable, with `.ok`), a namespace
 * import (only `.ok`), its `ok` function, or what esbuild (so tsx) compiles an import of it to in
 * a CommonJS module, `var import_node_assert = __toESM(require("node:assert"))`: the `.default`
 * of it is the module, its `.ok` the `ok` function.
 */
export type Binding = 'module' | 'namespace' | 'ok' | 'interop';

/**
 * The module's top-level names bound to node:assert by an import or a `require` (`const assert
 * = require('assert')`, `const { ok } = require('node:assert/strict')`, esbuild's
 * `var import_node_assert = __toESM(require('node:assert'))`). A name the module declares again
 * anywhere (a parameter, an inner variable) is left out: calls through it may mean something
 * else, and are not rewritten.
 */
export function assertBindings(program: Acorn.Program): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  const bound = (name: string, binding: Binding) => bindings.set(name, binding);
  for (const statement of moduleStatements(program)) {
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
        const { id, init } = declarator;
        if (init && id.type === 'Identifier' && importsAssert(init)) bound(id.name, 'interop');
        if (!init || !requiresAssert(init)) continue;
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

/**
 * The namespaces esbuild (so tsx) reads the names a CommonJS module imports from:
 * `var import_math = require("./math")`, or `__toESM(require(…))` where it imports a default, at
 * the top of the module. `add(2, 2)` is `(0, import_math.add)(2, 2)` there: such a member is the
 * imported name, not a property read the program wrote.
 */
export function importNamespaces(program: Acorn.Program): Set<string> {
  const namespaces = new Set<string>();
  for (const statement of moduleStatements(program)) {
    if (statement.type !== 'VariableDeclaration' || statement.kind !== 'var') continue;
    for (const { id, init } of statement.declarations) {
      if (id.type !== 'Identifier' || !id.name.startsWith('import_') || !init) continue;
      const required =
        init.type === 'CallExpression' &&
        init.callee.type === 'Identifier' &&
        init.callee.name === '__toESM'
          ? init.arguments[0]
          : init;
      if (required?.type === 'CallExpression' && requiresModule(required) !== undefined) {
        namespaces.add(id.name);
      }
    }
  }
  return namespaces;
}

/**
 * The statements at the top of the module: the program's, or, in a CommonJS module tsx compiled,
 * those of the function it wraps them in (`__filename="…";(()=>{…})()`), which declares the
 * module's names.
 */
function moduleStatements(program: Acorn.Program): readonly Acorn.AnyNode[] {
  const [named, wrapper, ...more] = program.body;
  if (
    more.length > 0 ||
    named?.type !== 'ExpressionStatement' ||
    named.expression.type !== 'AssignmentExpression' ||
    named.expression.left.type !== 'Identifier' ||
    named.expression.left.name !== '__filename' ||
    wrapper?.type !== 'ExpressionStatement' ||
    wrapper.expression.type !== 'CallExpression' ||
    wrapper.expression.arguments.length > 0
  ) {
    return program.body;
  }
  const { callee } = wrapper.expression;
  return callee.type === 'ArrowFunctionExpression' &&
    callee.params.length === 0 &&
    callee.body.type === 'BlockStatement'
    ? callee.body.body
    : program.body;
}

/** esbuild's import of node:assert in a CommonJS module: `__toESM(require('node:assert'))`. */
function importsAssert(node: Acorn.Expression): boolean {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') return false;
  const [required] = node.arguments;
  return (
    node.callee.name === '__toESM' &&
    required?.type === 'CallExpression' &&
    node.arguments.length <= 2 &&
    requiresAssert(required)
  );
}

/** `require('node:assert')`, or its `.strict`. */
function requiresAssert(node: Acorn.Expression): boolean {
  if (node.type === 'MemberExpression' && !node.computed && nameOf(node.property) === 'strict') {
    return node.object.type !== 'Super' && requiresAssert(node.object);
  }
  const specifier = node.type === 'CallExpression' ? requiresModule(node) : undefined;
  return specifier !== undefined && ASSERT_MODULES.has(specifier);
}

/** The module `require('…')` names, where the call is that. */
function requiresModule(node: Acorn.CallExpression): string | undefined {
  const [first] = node.arguments;
  const required =
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments.length === 1 &&
    first?.type === 'Literal' &&
    typeof first.value === 'string';
  return required ? (first.value as string) : undefined;
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
): boolean {
  const called = boundTo(calledFunction(callee), bindings);
  return called === 'module' || called === 'ok';
}

/**
 * What an expression is of node:assert: a name bound to it; `assert.ok` and `assert.strict` (the
 * module's strict version is an assert function too) on the module, a namespace import or
 * esbuild's stand-in for an import, `ok` functions; the `.default` of that stand-in, the module.
 */
function boundTo(
  node: Acorn.Expression | Acorn.Super,
  bindings: ReadonlyMap<string, Binding>,
): Binding | undefined {
  if (node.type === 'Identifier') return bindings.get(node.name);
  if (node.type !== 'MemberExpression' || node.computed || node.optional) return undefined;
  if (node.object.type === 'Super') return undefined;
  const object = boundTo(node.object, bindings);
  const member = nameOf(node.property);
  if (object === 'interop' && member === 'default') return 'module';
  if (object === 'module' || object === 'namespace' || object === 'interop') {
    return member === 'ok' || member === 'strict' ? 'ok' : undefined;
  }
  return undefined;
}
