import { type Program, parse } from 'acorn';

// A script the paused program runs, as acorn reads it: both what the caller's source declares
// (caller-source.ts) and where an exception thrown in it is caught (exception-catcher.ts) need it.

/**
 * `source` parsed as a module, else as a script (CommonJS code, Node's own, a `return` at the
 * top level of a function body V8 compiled); `undefined` where neither parses (TypeScript not yet
 * stripped, a syntax newer than acorn's).
 */
export function parseScript(source: string): Program | undefined {
  for (const sourceType of ['module', 'script'] as const) {
    try {
      return parse(source, {
        ecmaVersion: 'latest',
        sourceType,
        allowHashBang: true,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
      });
    } catch {
      // Try the other source type; a source neither accepts gives undefined.
    }
  }
  return undefined;
}

/** The offset in `source` of a 0-based line and column, as the inspector gives them. */
export function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 0; current < line; current += 1) {
    const next = source.indexOf('\n', offset);
    if (next === -1) return source.length;
    offset = next + 1;
  }
  return offset + column;
}
