import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Acorn from 'acorn';
import type MagicStringClass from 'magic-string';
import { lazyRequire } from '../internal/lazy-require.js';
import type { TransformInfo, TransformResult } from '../modules/index.js';
import { installRuntime, RUNTIME_KEY } from './runtime.js';

// The parser and the editor load with the first module that names an assert, not at start-up.
const acorn = lazyRequire<typeof Acorn>('acorn');
const magicString = lazyRequire<typeof MagicStringClass>('magic-string');

/** The modules whose `assert`, `ok` and `strict` are rewritten: node:assert, strict or not. */
const ASSERT_MODULES = new Set(['assert', 'node:assert', 'assert/strict', 'node:assert/strict']);

/**
 * How a name is bound to node:assert: the module itself (callable, with `.ok`), a namespace
 * import (only `.ok`), or its `ok` function.
 */
type Binding = 'module' | 'namespace' | 'ok';

/** What rewritten code calls its runtime by: a global symbol, so no import need resolve. */
const RUNTIME = `globalThis[Symbol.for(${JSON.stringify(RUNTIME_KEY)})]`;

/**
 * The transform behind `HOOKLINE_TRANSFORM=assert`: rewrites each `assert(expr)` and
 * `assert.ok(expr)` (and `ok(expr)`) of node:assert in a module so that, when it fails, the
 * `AssertionError` shows the value of every sub-expression of `expr` under it, power-assert's
 * diagram of the assert's line (an assert over several lines lists them, in the order they were
 * evaluated, then the whole expression's). Each sub-expression is evaluated once, as written
 * (`&&`, `||`, `??`, `?:` and `?.` still short-circuit); the lines of the module stay where
 * they were, and the source map it returns keeps the columns. A module that names no such
 * assert is left as it is; one that does not parse is reported and left as it is, by
 * {@link transform}'s usual warning. Give it to `transform()` of `hookline/modules` with the
 * files it should rewrite, or call {@link useSmartAssert}.
 *
 * @example
 * ```ts
 * import { transform } from 'hookline/modules';
 * import { smartAssert } from 'hookline/transform';
 * transform('test/', smartAssert);
 * ```
 */
export function smartAssert(source: string, info: TransformInfo): TransformResult {
  // Most modules name no assert: they cost a search, not a parse.
  if (!source.includes('assert')) return undefined;
  // What Node was given tells TypeScript, not the URL: under tsx a `.ts` file comes compiled.
  // A transformer called by hand may not be told: then the extension says.
  const typeScript = info.typeScript ?? /\.[cm]?ts$/.test(new URL(info.url).pathname);
  // TypeScript is parsed once Node's own stripping has blanked its types: every position stays
  // where it was, and what is returned is JavaScript, which is TypeScript too.
  const code = typeScript ? stripTypes(source) : source;
  const program = acorn().parse(code, {
    ecmaVersion: 'latest',
    sourceType: info.format === 'module' ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: info.format === 'commonjs',
    allowAwaitOutsideFunction: info.format === 'module',
  });
  const bindings = assertBindings(program);
  if (bindings.size === 0) return undefined;
  const calls = assertCalls(program, bindings);
  if (calls.length === 0) return undefined;
  installRuntime();
  const MagicString = magicString();
  const edited = new MagicString(code);
  const recorder = freeName(code, '$hooklineRecording');
  for (const call of calls) instrumentCall(call, edited, source, code, recorder);
  const file = info.url.startsWith('file:') ? basename(fileURLToPath(info.url)) : info.url;
  return {
    code: edited.toString(),
    map: edited.generateMap({ source: file, includeContent: true, hires: true }),
  };
}

/**
 * A TypeScript source with its types blanked, by Node's own stripping. Node warns that the
 * function is experimental; the program did not call it, and Node strips the same types itself
 * without a word, so that warning is held back while it runs.
 */
function stripTypes(source: string): string {
  const module = process.getBuiltinModule('node:module') as typeof import('node:module') & {
    stripTypeScriptTypes?: (code: string, options?: { mode?: 'strip' }) => string;
  };
  const strip = module.stripTypeScriptTypes;
  if (typeof strip !== 'function') {
    throw new Error('this Node has no module.stripTypeScriptTypes to read TypeScript with');
  }
  const emitWarning = process.emitWarning;
  process.emitWarning = function quiet(this: NodeJS.Process, warning, ...rest: unknown[]) {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.startsWith('stripTypeScriptTypes is an experimental feature')) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return strip(source, { mode: 'strip' });
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * The module's top-level names bound to node:assert by an import or a `require` (`const assert
 * = require('assert')`, `const { ok } = require('node:assert/strict')`). A name the module
 * declares again anywhere (a parameter, an inner variable) is left out: calls through it may
 * mean something else, and are not rewritten.
 */
function assertBindings(program: Acorn.Program): Map<string, Binding> {
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

function nameOf(node: Acorn.AnyNode): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  return undefined;
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
 * Every node under `node`, parents first; `visit` returning false skips the node's children.
 */
function eachNode(node: Acorn.AnyNode, visit: (node: Acorn.AnyNode) => boolean): void {
  if (!visit(node)) return;
  for (const child of childNodes(node)) eachNode(child, visit);
}

/** A node's child nodes, in source order. */
function childNodes(node: Acorn.AnyNode): Acorn.AnyNode[] {
  const children: Acorn.AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || key === 'loc') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) children.push(value);
  }
  return children.sort((a, b) => a.start - b.start);
}

function isNode(value: unknown): value is Acorn.AnyNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

/**
 * The calls to rewrite: an assert bound to node:assert called with an expression first (not a
 * spread), not through `?.()`. An assert inside another's expression (in a callback written
 * there) is left as it is; so is one whose expression yields, which a function cannot wrap.
 */
function assertCalls(
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

/** Whether an expression holds a node of `type` that belongs to its own function (not an inner one). */
function inOwnFunction(expression: Acorn.AnyNode, type: string): boolean {
  let found = false;
  eachNode(expression, (node) => {
    if (found || isFunctionLike(node)) return false;
    if (node.type === type) found = true;
    return !found;
  });
  return found;
}

function isFunctionLike(node: Acorn.AnyNode): boolean {
  return (
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression' ||
    node.type === 'FunctionDeclaration' ||
    node.type === 'ClassExpression' ||
    node.type === 'ClassDeclaration'
  );
}

/** `preferred`, or with a number after it, such that the source never names it. */
function freeName(source: string, preferred: string): string {
  let name = preferred;
  for (let n = 1; source.includes(name); n++) name = `${preferred}${n}`;
  return name;
}

/**
 * Rewrites `assert(expr, ...rest)` as
 * `runtime.ok(assert)(((r) => r.e((expr')))(runtime.r(texts)), ...rest)`, where `expr'` is
 * `expr` with each sub-expression `x` as `r.v((x), i)`. The callee is evaluated first, the
 * expression next, the rest after it, as before. The recording is a parameter of an arrow
 * function called at once: one per evaluation, so recursion and concurrent async calls each have
 * their own; `this`, `arguments`, `super` and `new.target` mean in an arrow what they meant
 * around it. An expression that awaits is wrapped in an async arrow, awaited. Only insertions,
 * none with a line break (the name to the `(` is rewritten as it was, with the `)` in it): every
 * line stays where it was.
 */
function instrumentCall(
  call: Acorn.CallExpression,
  edited: MagicStringClass,
  original: string,
  code: string,
  recorder: string,
): void {
  const expression = call.arguments[0] as Acorn.Expression;
  const texts: string[] = [];
  const columns: number[] = [];
  const record = (node: Acorn.AnyNode) => {
    texts.push(sourceText(original, node));
    columns.push(anchorOf(node, code) - call.start);
    edited.prependRight(node.start, `${recorder}.v((`);
    edited.appendLeft(node.end, `),${texts.length - 1})`);
  };
  instrument(expression, false, record);
  texts.push(sourceText(original, expression));
  columns.push(anchorOf(expression, code) - call.start);
  const written = original.slice(call.start, call.end);
  // A diagram needs the call on one line; a tab is shown as a space, so columns stay columns.
  const layout = written.includes('\n')
    ? undefined
    : { line: written.replaceAll('\t', ' '), columns };
  const awaits = inOwnFunction(expression, 'AwaitExpression');
  // V8 puts a call whose callee ends in a name (`assert`, `ok` of `assert.ok`) at that name, and
  // any other at its `(`, as this one, whose callee ends in `)`. Written as one edit from the name
  // to the `(`, that stretch maps to the name: a stack traced through the source map points where
  // the assert's own would, not at the `(`.
  const name = call.callee.type === 'MemberExpression' ? call.callee.property : call.callee;
  const opening = between(code, '(', call.callee.end, expression.start) as number;
  edited.overwrite(
    name.start,
    opening + 1,
    `${code.slice(name.start, call.callee.end)})${code.slice(call.callee.end, opening + 1)}`,
  );
  edited.prependRight(call.callee.start, `${RUNTIME}.ok(`);
  edited.prependRight(
    expression.start,
    `${awaits ? 'await (async ' : '('}(${recorder})=>${recorder}.e((`,
  );
  const recording = [texts, ...(layout ? [layout] : [])].map((part) => JSON.stringify(part));
  edited.appendLeft(expression.end, `)))(${RUNTIME}.r(${recording.join(',')}))`);
}

/**
 * Where a node's value goes under the line, as power-assert puts it: an operator's expression
 * under its operator, a member under its property (or `[`), a method call under its name, a
 * conditional under its `?`, anything else under its start. `code` is the source as parsed
 * (TypeScript's types blanked), so an operator is looked for where only it, parentheses,
 * spaces and comments can be.
 */
function anchorOf(node: Acorn.AnyNode, code: string): number {
  switch (node.type) {
    case 'BinaryExpression':
    case 'LogicalExpression':
    case 'AssignmentExpression':
      return between(code, node.operator, node.left.end, node.right.start) ?? node.start;
    case 'ConditionalExpression':
      return between(code, '?', node.test.end, node.consequent.start) ?? node.start;
    case 'MemberExpression':
      return node.computed
        ? (between(code, '[', node.object.end, node.property.start) ?? node.start)
        : node.property.start;
    case 'CallExpression':
      return node.callee.type === 'MemberExpression' ? anchorOf(node.callee, code) : node.start;
    case 'ChainExpression':
      return anchorOf(node.expression, code);
    default:
      return node.start;
  }
}

/** Where `token` is in `code` from `from` to `to`, skipping comments; `undefined` if not there. */
function between(code: string, token: string, from: number, to: number): number | undefined {
  const gap = code
    .slice(from, to)
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => ' '.repeat(c.length));
  const at = gap.indexOf(token);
  return at < 0 ? undefined : from + at;
}

/** A node's source as a line: a multi-line expression is shown on one. */
function sourceText(source: string, node: Acorn.AnyNode): string {
  return source
    .slice(node.start, node.end)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/**
 * Wraps the sub-expressions of `node` that have a value worth showing, inner ones first, then
 * `node` itself where `wrap` allows: not where wrapping changes what the code means (a callee,
 * whose `this` it would lose; an assignment's target; `typeof` of a name that may not exist;
 * what `delete` or `++` operate on; a shorthand property), nor inside functions and classes,
 * whose code runs later if ever.
 */
function instrument(
  node: Acorn.AnyNode,
  wrap: boolean,
  record: (node: Acorn.AnyNode) => void,
): void {
  const inner = (child: Acorn.AnyNode | null | undefined) => {
    if (child) instrument(child, true, record);
  };
  let worth = true;
  switch (node.type) {
    case 'Identifier':
      worth = node.name !== 'undefined';
      break;
    case 'MemberExpression':
      if (node.object.type !== 'Super') inner(node.object);
      if (node.computed) inner(node.property);
      break;
    case 'CallExpression':
      instrumentCallee(node.callee, inner);
      for (const argument of node.arguments) inner(argument);
      break;
    case 'NewExpression':
      // `new f(x)(y)` would read differently with the callee wrapped: it is left as written.
      for (const argument of node.arguments) inner(argument);
      break;
    case 'ChainExpression':
      instrumentChain(node.expression, inner, record);
      break;
    case 'BinaryExpression':
      if (node.left.type !== 'PrivateIdentifier') inner(node.left);
      inner(node.right);
      break;
    case 'LogicalExpression':
      inner(node.left);
      inner(node.right);
      break;
    case 'ConditionalExpression':
      inner(node.test);
      inner(node.consequent);
      inner(node.alternate);
      break;
    case 'UnaryExpression':
      if (node.operator === 'delete') break;
      if (node.operator === 'typeof' && node.argument.type === 'Identifier') break;
      // `-1` and `!0` are literals to a reader.
      worth = node.argument.type !== 'Literal';
      inner(node.argument);
      break;
    case 'UpdateExpression':
      break;
    case 'AssignmentExpression':
      inner(node.right);
      break;
    case 'AwaitExpression':
      inner(node.argument);
      break;
    case 'TemplateLiteral':
      worth = node.expressions.length > 0;
      for (const expression of node.expressions) inner(expression);
      break;
    case 'TaggedTemplateExpression':
      for (const expression of node.quasi.expressions) inner(expression);
      break;
    case 'SequenceExpression':
      worth = false;
      for (const expression of node.expressions) inner(expression);
      break;
    case 'ArrayExpression':
      worth = false;
      for (const element of node.elements) inner(element);
      break;
    case 'ObjectExpression':
      worth = false;
      for (const property of node.properties) {
        if (property.type === 'SpreadElement') inner(property);
        else if (property.kind === 'init' && !property.method) {
          if (property.computed) inner(property.key);
          if (!property.shorthand) inner(property.value);
        }
      }
      break;
    case 'SpreadElement':
      worth = false;
      inner(node.argument);
      break;
    case 'ImportExpression':
      inner(node.source);
      break;
    default:
      // Literals, `this`, functions, classes, `import.meta`: shown by their text, or not run now.
      worth = false;
  }
  if (wrap && worth) record(node);
}

/**
 * A called member's object and computed key are recorded, not the member: `a.b(c)` keeps `a`
 * as the `this` of the call.
 */
function instrumentCallee(
  callee: Acorn.Expression | Acorn.Super,
  inner: (child: Acorn.AnyNode) => void,
): void {
  if (callee.type === 'MemberExpression') {
    if (callee.object.type !== 'Super') inner(callee.object);
    if (callee.computed) inner(callee.property);
  } else if (callee.type !== 'Identifier' && callee.type !== 'Super') {
    inner(callee);
  }
}

/**
 * Inside `a?.b.c(d)`, wrapping `a?.b` would end the chain there, and `.c` would then be read of
 * `undefined`: a link is recorded only where wrapping it cannot change what the chain does —
 * before a `?.`, which starts the short-circuit again (`a.b` in `a.b?.c`, the `null` a reader
 * looks for), or where no `?.` comes before it (`a.b` in `a.b.c?.d`). The chain's start, its
 * arguments and computed keys are recorded as anywhere else, and the whole chain by its parent.
 * A callee is not, as for any call: wrapped, it would lose its `this`.
 */
function instrumentChain(
  node: Acorn.Expression | Acorn.Super,
  inner: (child: Acorn.AnyNode) => void,
  record: (node: Acorn.AnyNode) => void,
): void {
  if (node.type === 'MemberExpression') {
    instrumentChain(node.object, inner, record);
    if (isLink(node.object) && (node.optional || !hasOptionalLink(node.object))) {
      record(node.object);
    }
    if (node.computed) inner(node.property);
  } else if (node.type === 'CallExpression') {
    instrumentChain(node.callee, inner, record);
    for (const argument of node.arguments) inner(argument);
  } else if (node.type !== 'Super') {
    inner(node);
  }
}

/** A member read or a call: a link of a chain, which `instrumentChain` records itself. */
function isLink(node: Acorn.Expression | Acorn.Super): boolean {
  return node.type === 'MemberExpression' || node.type === 'CallExpression';
}

/** Whether a `?.` is among the links of a chain up to `node`. */
function hasOptionalLink(node: Acorn.Expression | Acorn.Super): boolean {
  for (let link = node; ; ) {
    if (link.type === 'MemberExpression') {
      if (link.optional) return true;
      link = link.object;
    } else if (link.type === 'CallExpression') {
      if (link.optional) return true;
      link = link.callee;
    } else {
      return false;
    }
  }
}
