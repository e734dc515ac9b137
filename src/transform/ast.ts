import type * as Acorn from 'acorn';

export function nameOf(node: Acorn.AnyNode): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  return undefined;
}

/**
 * Every node under `node`, parents first; `visit` returning false skips the node's children.
 */
export function eachNode(node: Acorn.AnyNode, visit: (node: Acorn.AnyNode) => boolean): void {
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

/** Whether an expression holds a node of `type` that belongs to its own function (not an inner one). */
export function inOwnFunction(expression: Acorn.AnyNode, type: string): boolean {
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

/**
 * The function a callee names: `f` of `(0, f)(…)`, as esbuild (so tsx) calls an imported function
 * in a CommonJS module, without a `this`.
 */
export function calledFunction(
  callee: Acorn.Expression | Acorn.Super,
): Acorn.Expression | Acorn.Super {
  if (callee.type !== 'SequenceExpression' || callee.expressions.length !== 2) return callee;
  const [zero, called] = callee.expressions;
  return zero?.type === 'Literal' && zero.value === 0 && called ? called : callee;
}
