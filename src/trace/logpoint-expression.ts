import { OriginalFunction } from '../internal/captured.js';

/**
 * What is wrong with `expression` as a logpoint's expression, said of it ("does not parse …",
 * "uses await …"), or `undefined` when it will compile in any frame its line can be in. The logpoints of a line share one breakpoint condition, so an
 * expression that compiles here but not there would silence the others of its line too: it is
 * compiled, never run, as strict-mode code (a module's frame is strict), both in parentheses and
 * as an array's one element (text such as `a), (b` closes the parentheses early and parses as
 * something else; no text does that in both), and in an async function, where a bare `await`
 * does not parse. `await` and `yield` themselves are refused with their reason: V8 evaluates the
 * condition at once, the program paused, where neither can wait or hand a value out.
 *
 * @example
 * ```ts
 * logpointExpressionProblem('{ a, b }'); // undefined
 * logpointExpressionProblem('a), (b'); // "does not parse as one expression (Unexpected token ')')"
 * ```
 */
export function logpointExpressionProblem(expression: string): string | undefined {
  const inParentheses = compileError(`'use strict'; return (\n${expression}\n);`);
  if (inParentheses !== undefined) {
    if (compileError(`'use strict'; return async () => (\n${expression}\n);`) === undefined) {
      return awaitProblem;
    }
    if (
      /\byield\b/.test(expression) &&
      compileError(`return function* () { return (\n${expression}\n); };`) === undefined
    ) {
      return yieldProblem;
    }
    return `does not parse as strict-mode code (${inParentheses})`;
  }
  const alone = compileError(`'use strict'; return [\n${expression}\n];`);
  if (alone !== undefined) return `does not parse as one expression (${alone})`;
  if (compileError(`'use strict'; return async () => (\n${expression}\n);`) !== undefined) {
    return awaitProblem;
  }
  return undefined;
}

const awaitProblem =
  'uses await (a logpoint evaluates its expression at once, the program paused at the line, where nothing can be awaited: log the promise itself, or log from its then)';
const yieldProblem =
  'uses yield (a logpoint evaluates its expression at once, the program paused at the line, where nothing can be yielded)';

function compileError(source: string): string | undefined {
  try {
    new OriginalFunction(source);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
