import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { fileUrlOf } from '../internal/file-url.js';
import { realpathSync } from '../internal/fs.js';
import { runAsCondition } from '../internal/inspector-reach.js';
import { optionsRecord } from '../internal/options.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { warnOnce } from '../internal/warning.js';
import { M } from '../modules/loaders/cjs-module.js';
import { lastMapReference } from '../modules/source-map-comment.js';
import { ownPatch } from '../patch/internal/own-patch.js';
import type { Patch } from '../patch/types.js';
import { mapScript, removeLogpoint, scriptParsed, setLogpoint } from './inspector-link.js';
import { LOG_KEY } from './inspector-protocol.js';
import { logpointExpressionProblem } from './logpoint-expression.js';
import type { LogpointOptions } from './types.js';

interface Entry {
  readonly location: string;
  readonly url: string;
  readonly expression: string;
  readonly log: (value: unknown) => void;
  /** Whether its line has been reached (its expression evaluated, or thrown) since it was set. */
  reached: boolean;
}

/**
 * The logpoints of one line. V8 keeps one breakpoint per line of a script in a session, so the
 * logpoints of a line share one, whose condition evaluates each of their expressions in turn.
 */
interface Site {
  readonly breakpoint: number;
  readonly url: string;
  readonly line: number;
  readonly ids: number[];
}

const entries = new Map<number, Entry>();
const entryOf = new WeakMap<Unhook, Entry>();
const sites = new Map<string, Site>();
const reported = new Set<string>();
let nextId = 1;
const logKey = Symbol.for(LOG_KEY);

/**
 * Logs the value of `expression` each time the program reaches `location` (`'file:line'`, the
 * line 1-based, the file a path — relative to the working folder — or a URL), without a change to
 * its code and without pausing it: an inspector breakpoint whose condition evaluates the
 * expression in the frame there (its locals, closures and `this` at hand), hands the value to
 * `log` and answers "do not pause". `log` runs there and then, before the line; it is
 * `console.log` of the location, the expression and the value unless given. Logpoints on one
 * line log in the order they were set. An expression that throws is reported as a
 * `HooklineWarning`, as is a `log` that throws. The line is the line as written: where the code
 * runs compiled from the file with a source map (tsx, a `.js` compiled ahead with its `.map`),
 * the breakpoint goes where the map says that line went.
 *
 * @example
 * ```ts
 * import { logpoint } from 'hookline/trace';
 *
 * using _ = logpoint('src/cart.ts:42', '{ total, items: items.length }');
 * // each time line 42 runs: src/cart.ts:42 { total, items: items.length } = { total: 30, items: 2 }
 * ```
 *
 * @throws {TypeError} (with a `code`) for a location that is not `file:line` or an expression
 * that does not parse; {Error} `ERR_HOOKLINE_INSPECTOR_UNAVAILABLE` as `onException` does.
 */
export function logpoint(
  location: string,
  expression: string,
  options: LogpointOptions = {},
): Unhook {
  const where = `logpoint(${JSON.stringify(location)}, ${JSON.stringify(expression)})`;
  const { url, line } = parseLocation(location, where);
  checkExpression(expression, where);
  const { log: given } = optionsRecord(options, where, ['log'], '{ log: (value) => … }');
  const log = (given ??
    ((value: unknown) => console.log(`${location} ${expression} =`, value))) as (
    value: unknown,
  ) => void;
  if (typeof log !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_NOT_A_FUNCTION', {
      where,
      expected: 'a log function (value) => void',
      received: describeValue(log),
      fix: 'Pass { log: (value) => … }, or leave log out to use console.log.',
    });
  }
  const id = nextId++;
  const entry: Entry = { location, url, expression, log, reached: false };
  entries.set(id, entry);
  if (entries.size === 1) {
    Object.defineProperty(globalThis, logKey, { value: deliver, configurable: true });
    watchCompiles();
  }
  const key = `${line}:${url}`;
  let site = sites.get(key);
  if (site === undefined) {
    site = { breakpoint: id, url, line, ids: [] };
    sites.set(key, site);
  }
  site.ids.push(id);
  try {
    setSite(site, where);
  } catch (error) {
    forget(id, key, site);
    throw error;
  }
  const placed = site;
  const unhook = createUnhook(() => {
    forget(id, key, placed);
    if (placed.ids.length === 0) removeLogpoint(placed.breakpoint);
    else setSite(placed, `${where} undone`);
  });
  entryOf.set(unhook, entry);
  return unhook;
}

/**
 * How far the logpoint `unhook` undoes has got since it was set: its line reached, or else its
 * file loaded or not ('never ran' too where the trace worker cannot tell; 'reached' for an undo
 * that is no logpoint's). For `hookline run --logpoint`, which says why a logpoint logged
 * nothing; it waits for the worker's answer.
 */
export function logpointReach(unhook: Unhook): 'reached' | 'never ran' | 'never loaded' {
  const entry = entryOf.get(unhook);
  if (entry === undefined || entry.reached) return 'reached';
  return scriptParsed(entry.url) === false ? 'never loaded' : 'never ran';
}

/** Sets, or sets again, the breakpoint of `site` with a condition for each of its logpoints. */
function setSite(site: Site, where: string): void {
  setLogpoint(site.breakpoint, site.url, site.line - 1, conditionFor(site.ids), where);
}

function forget(id: number, key: string, site: Site): void {
  entries.delete(id);
  site.ids.splice(site.ids.indexOf(id), 1);
  if (site.ids.length === 0) sites.delete(key);
  if (entries.size === 0) {
    delete (globalThis as Record<symbol, unknown>)[logKey];
    compiles?.restore();
    compiles = undefined;
  }
}

/** hookline's wrapper of `Module.prototype._compile`, while logpoints are set. */
let compiles: Patch | undefined;

/**
 * While logpoints are set, a CommonJS module compiled from code with a source map (tsx's, a `.js`
 * compiled ahead with its `.map`) has the logpoints on lines of the files it was compiled from
 * placed in it before Node compiles it: V8 runs a CommonJS module right after compiling it, and
 * does not pause before, as it does for an ES module.
 */
function watchCompiles(): void {
  if (compiles?.active === true) return;
  try {
    compiles = ownPatch(M.prototype, '_compile', (original, self, args) => {
      const [content, filename] = args;
      if (typeof content === 'string' && typeof filename === 'string') {
        try {
          const reference = lastMapReference(content);
          if (reference !== undefined) mapScript(fileUrlOf(filename), reference);
        } catch {
          // Not a place to fail a require: the logpoints stay where they were.
        }
      }
      return Reflect.apply(original, self, args);
    });
  } catch {
    // A program that froze Module.prototype: CommonJS lines are taken as V8 runs them.
  }
}

/**
 * The breakpoint's condition: evaluated by V8 in the paused frame, as a script whose last value
 * (`false`) tells V8 not to pause. Each expression is evaluated where it is written, so it sees
 * the frame's variables; what it throws is handed over instead of its value, and the next
 * logpoint's expression is evaluated all the same.
 */
function conditionFor(ids: readonly number[]): string {
  const deliverCall = `globalThis[Symbol.for(${JSON.stringify(LOG_KEY)})]`;
  const each = ids.map(
    (id) =>
      `try { __hooklineLog(${id}, true, (${entries.get(id)?.expression}\n)); } catch (__hooklineError) { __hooklineLog(${id}, false, __hooklineError); }`,
  );
  return `{ const __hooklineLog = ${deliverCall}; if (typeof __hooklineLog === 'function') { ${each.join(' ')} } } false`;
}

/** What a logpoint's condition calls, in the paused frame: it must not throw. */
function deliver(id: number, evaluated: boolean, value: unknown): void {
  runAsCondition(() => deliverInCondition(id, evaluated, value));
}

function deliverInCondition(id: number, evaluated: boolean, value: unknown): void {
  const entry = entries.get(id);
  if (entry === undefined) return;
  entry.reached = true;
  if (!evaluated) {
    warnOnce(
      reported,
      `the expression of the logpoint at ${entry.location} threw: ${entry.expression}`,
      value,
    );
    return;
  }
  try {
    entry.log(value);
  } catch (error) {
    warnOnce(reported, `the log function of the logpoint at ${entry.location} threw`, error);
  }
}

function parseLocation(location: unknown, where: string): { url: string; line: number } {
  const text = typeof location === 'string' ? location : '';
  const colon = text.lastIndexOf(':');
  const file = text.slice(0, colon);
  const lineText = text.slice(colon + 1);
  const line = Number(lineText);
  if (colon <= 0 || file === '' || !/^[1-9]\d*$/.test(lineText) || !Number.isSafeInteger(line)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: "a location 'file:line' (the line counted from 1)",
      received: describeValue(location),
      fix: "Name the file and the line, e.g. logpoint('src/server.js:42', 'request.url').",
    });
  }
  // A URL (file:, node:, data:…) is kept; a path is made absolute. One letter before the colon
  // is a Windows drive, not a scheme.
  const url = /^[a-z][a-z\d+.-]+:/i.test(file)
    ? file
    : pathToFileURL(loadedPath(isAbsolute(file) ? file : resolve(file))).href;
  return { url, line };
}

/**
 * The path V8 names a file's script by: Node loads a module by its real path, links followed (a
 * folder linked into the project, a pnpm package), unless told to keep them — a logpoint on the
 * path through the link would never be hit.
 */
function loadedPath(path: string): string {
  const keepsLinks =
    process.env['NODE_PRESERVE_SYMLINKS'] === '1' ||
    process.execArgv.includes('--preserve-symlinks') ||
    /(?:^|\s)--preserve-symlinks(?:\s|$)/.test(process.env['NODE_OPTIONS'] ?? '');
  if (keepsLinks) return path;
  try {
    return realpathSync(path);
  } catch {
    // Not there (yet): as given.
    return path;
  }
}

function checkExpression(expression: unknown, where: string): void {
  const given = typeof expression === 'string' && expression.trim() !== '';
  const wrong = given ? logpointExpressionProblem(expression) : undefined;
  if (given && wrong === undefined) return;
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where,
    expected: 'a JavaScript expression to evaluate at that line',
    received: given ? `an expression that ${wrong}` : describeValue(expression),
    fix: "Pass one expression, e.g. 'request.url' or '{ a, b }'.",
  });
}
