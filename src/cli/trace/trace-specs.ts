import { isAbsolute, resolve } from 'node:path';
import { logpointExpressionProblem } from '../../trace/logpoint-expression.js';

/** One `--trace <module>:<glob>`, checked, as the preload receives it. */
export interface TraceSpec {
  /** The module as given: `node:fs`, `express`, `./lib/cart.js`. */
  readonly module: string;
  /** What `onImport` is given: a path made absolute (from the working folder), else `module`. */
  readonly specifier: string;
  /** The dotted prefix of the glob (`Router` of `Router.*`): whose methods to trace; `[]` for the exports. */
  readonly path: readonly string[];
  /** The method-name glob, `*` for any run of characters. */
  readonly glob: string;
}

/** One `--logpoint <file>:<line>:<expression>`, checked. */
export interface LogpointSpec {
  /** `file:line`, as `logpoint()` takes it. */
  readonly location: string;
  readonly expression: string;
}

/**
 * Reads a `--trace` value, splitting at its last colon (a module name may have colons of its
 * own: `node:fs`, `C:\lib\cart.js`). Throws a message string for a bad value.
 *
 * @example
 * ```ts
 * parseTraceSpec('express:Router.*'); // { module: 'express', path: ['Router'], glob: '*', … }
 * ```
 */
export function parseTraceSpec(value: string): TraceSpec {
  const colon = value.lastIndexOf(':');
  const module = colon === -1 ? '' : value.slice(0, colon);
  const pattern = colon === -1 ? '' : value.slice(colon + 1);
  const dot = pattern.lastIndexOf('.');
  const path = dot === -1 ? [] : pattern.slice(0, dot).split('.');
  const glob = pattern.slice(dot + 1);
  if (module === '' || glob === '' || path.some((part) => part === '')) {
    throw `--trace ${JSON.stringify(value)}: expected <module>:<glob>, such as 'node:fs:read*', 'express:Router.*' or './lib/cart.js:*'`;
  }
  const isPath = module.startsWith('./') || module.startsWith('../') || isAbsolute(module);
  return { module, specifier: isPath ? resolve(module) : module, path, glob };
}

/**
 * Reads a `--logpoint` value: the file ends at the first colon after a Windows drive letter, the
 * line at the next, and the expression is the rest (colons and all). Throws a message string for
 * a bad value.
 *
 * @example
 * ```ts
 * parseLogpointSpec('src/cart.js:42:a ? b : c'); // { location: 'src/cart.js:42', expression: 'a ? b : c' }
 * ```
 */
export function parseLogpointSpec(value: string): LogpointSpec {
  const start = /^[A-Za-z]:[\\/]/.test(value) ? 2 : 0;
  const first = value.indexOf(':', start);
  const second = first === -1 ? -1 : value.indexOf(':', first + 1);
  const file = value.slice(0, first);
  const line = value.slice(first + 1, second);
  const expression = value.slice(second + 1).trim();
  if (second === -1 || file === '' || !/^[1-9]\d*$/.test(line) || expression === '') {
    throw `--logpoint ${JSON.stringify(value)}: expected <file>:<line>:<expression>, the line a positive integer, such as 'src/cart.js:42:cart.items.length'`;
  }
  const problem = logpointExpressionProblem(expression);
  if (problem !== undefined) {
    throw `--logpoint ${JSON.stringify(value)}: the expression ${problem}`;
  }
  return { location: `${file}:${line}`, expression };
}

/**
 * A method-name glob as a test: `*` is any run of characters, everything else itself.
 *
 * @example
 * ```ts
 * globTest('read*')('readFileSync'); // true
 * ```
 */
export function globTest(glob: string): (name: string) => boolean {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'))
    .join('.*');
  const pattern = new RegExp(`^${source}$`);
  return (name) => pattern.test(name);
}
