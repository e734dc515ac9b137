import type { AnyNode, Pattern } from 'acorn';

/**
 * The identifiers a binding or assignment pattern writes to (not member expressions), from
 * acorn's syntax tree: the debugger's prompt and the smart assert both ask which names a
 * declaration, a parameter or an assignment binds.
 *
 * @example
 * ```ts
 * patternNames(declarator.id); // ['a', 'b', 'rest'] for const { a, b: [b], ...rest } = …
 * ```
 */
export function patternNames(pattern: Pattern | AnyNode | null): string[] {
  if (pattern === null) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) =>
        patternNames(property.type === 'RestElement' ? property.argument : property.value),
      );
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => patternNames(element));
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    default:
      return [];
  }
}
