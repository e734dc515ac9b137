import type * as Acorn from 'acorn';
import { calledFunction } from './ast.js';

/**
 * Where a part's value goes in the code (`at`): its operator, property or start. An operator's
 * (a binary or logical operator, an assignment's, a conditional's `?`, a computed member's `[`)
 * also says which it is and where the operands on either side of it start: a source map places
 * those, seldom the operator, which is then found again in the source as written.
 */
export interface Anchor {
  readonly at: number;
  readonly operator?: { readonly text: string; readonly left: number; readonly operand: number };
  /** A name imported into a CommonJS module, as esbuild reads it (`import_math.add`). */
  readonly imported?: true;
}

/**
 * Where a node's value goes under the line, as power-assert puts it: an operator's expression
 * under its operator, a member under its property (or `[`), a method call under its name, a
 * conditional under its `?`, anything else under its start. `code` is the source as parsed
 * (TypeScript's types blanked), so an operator is looked for where only it, parentheses,
 * spaces and comments can be.
 */
export function anchorOf(
  node: Acorn.AnyNode,
  code: string,
  namespaces: ReadonlySet<string>,
): Anchor {
  if (isImportedName(node, namespaces)) return { at: node.start, imported: true };
  switch (node.type) {
    case 'BinaryExpression':
    case 'LogicalExpression':
    case 'AssignmentExpression':
      return operatorAnchor(node, node.operator, node.left, node.right, code);
    case 'ConditionalExpression':
      return operatorAnchor(node, '?', node.test, node.consequent, code);
    case 'MemberExpression':
      return node.computed
        ? operatorAnchor(node, '[', node.object, node.property, code)
        : { at: node.property.start };
    case 'CallExpression': {
      // `(0, import_math.add)(…)` is placed as `add(…)` is, at the name.
      const callee = calledFunction(node.callee);
      if (callee.type === 'MemberExpression' || isImportedName(callee, namespaces)) {
        return anchorOf(callee, code, namespaces);
      }
      return { at: node.start };
    }
    case 'ChainExpression':
      return anchorOf(node.expression, code, namespaces);
    default:
      return { at: node.start };
  }
}

/** An operator between `left` and `operand`, or the node's start where it is not found. */
function operatorAnchor(
  node: Acorn.AnyNode,
  text: string,
  left: Acorn.AnyNode,
  operand: Acorn.AnyNode,
  code: string,
): Anchor {
  const at = between(code, text, left.end, operand.start);
  if (at === undefined) return { at: node.start };
  return { at, operator: { text, left: left.start, operand: operand.start } };
}

/**
 * Whether a node is a name a CommonJS module imports, as esbuild compiles it: a member of one of
 * its import `namespaces` (`import_math.add`), which stands for `add` and is shown as it would be.
 */
function isImportedName(node: Acorn.AnyNode, namespaces: ReadonlySet<string>): boolean {
  return (
    node.type === 'MemberExpression' &&
    !node.computed &&
    !node.optional &&
    node.object.type === 'Identifier' &&
    namespaces.has(node.object.name)
  );
}

/** Where `token` is in `code` from `from` to `to`, skipping comments; `undefined` if not there. */
export function between(code: string, token: string, from: number, to: number): number | undefined {
  const gap = code
    .slice(from, to)
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => ' '.repeat(c.length));
  const at = gap.indexOf(token);
  return at < 0 ? undefined : from + at;
}

/** A node's source as a line: a multi-line expression is shown on one. */
export function sourceText(source: string, node: Acorn.AnyNode): string {
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
export function instrument(
  node: Acorn.AnyNode,
  wrap: boolean,
  record: (node: Acorn.AnyNode) => void,
  namespaces: ReadonlySet<string>,
): void {
  const inner = (child: Acorn.AnyNode | null | undefined) => {
    if (child) instrument(child, true, record, namespaces);
  };
  let worth = true;
  // An imported name, shown as a name is: not the namespace esbuild reads it from.
  if (isImportedName(node, namespaces)) {
    if (wrap) record(node);
    return;
  }
  switch (node.type) {
    case 'Identifier':
      worth = node.name !== 'undefined';
      break;
    case 'MemberExpression':
      if (node.object.type !== 'Super') inner(node.object);
      if (node.computed) inner(node.property);
      break;
    case 'CallExpression':
      instrumentCallee(node.callee, inner, namespaces);
      for (const argument of node.arguments) inner(argument);
      break;
    case 'NewExpression':
      // `new f(x)(y)` would read differently with the callee wrapped: it is left as written.
      for (const argument of node.arguments) inner(argument);
      break;
    case 'ChainExpression':
      instrumentChain(node.expression, inner, record, namespaces);
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
  written: Acorn.Expression | Acorn.Super,
  inner: (child: Acorn.AnyNode) => void,
  namespaces: ReadonlySet<string>,
): void {
  // `(0, import_math.add)(…)` is a call of a name, `add(…)`, whose callee is not recorded either.
  const callee = calledFunction(written);
  if (isImportedName(callee, namespaces)) return;
  if (callee !== written) inner(written);
  else if (callee.type === 'MemberExpression') {
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
  namespaces: ReadonlySet<string>,
): void {
  if (isImportedName(node, namespaces)) inner(node);
  else if (node.type === 'MemberExpression') {
    instrumentChain(node.object, inner, record, namespaces);
    if (isLink(node.object) && (node.optional || !hasOptionalLink(node.object))) {
      record(node.object);
    }
    if (node.computed) inner(node.property);
  } else if (node.type === 'CallExpression') {
    instrumentChain(node.callee, inner, record, namespaces);
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
