import { findSourceMap, SourceMap } from 'node:module';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isRegExp } from 'node:util/types';
import type * as Acorn from 'acorn';
import { builtinModule } from '../internal/captured.js';
import { lazyRequire } from '../internal/lazy-require.js';
import type { TransformEntry } from './registry.js';
import { mapPointedTo } from './source-map-comment.js';
import type { SourceMapInput } from './types.js';

/** A parser to find where an ES module's rewritten source fails: loaded only once one fails. */
const acorn = lazyRequire<typeof Acorn>('acorn');

/** What the transforms made of a module's source: what an error in that code is explained from. */
export interface Rewrite {
  readonly url: string;
  readonly format: 'module' | 'commonjs';
  /** The transforms that changed the source, in the order they ran. */
  readonly applied: readonly TransformEntry[];
  readonly code: string;
  /** The composed map from `code` to the original, where a transform gave one. */
  readonly map: SourceMapInput | undefined;
  /** Whether a transform gave a map, where `map` is not kept (it is inline in `code`). */
  readonly mapped?: boolean;
}

/**
 * The modules rewritten last, oldest first. Node compiles a module right after its load, so the
 * one whose compile failed is among the last. Node keeps the code it compiled anyway (the same
 * string, but on Node 20's loader thread); a few entries, and a bound on their code, keep what is
 * held besides small. One entry per rewritten module, none for the others.
 */
const rewrites = new Map<string, Rewrite & { readonly seq: number }>();
/** How many rewrites were noted: a mark taken before a load tells the rewrites made during it. */
let rewriteCount = 0;
const REWRITES_KEPT = 64;
const REWRITE_CODE_KEPT = 32 * 1024 * 1024;
let rewriteCodeKept = 0;

/**
 * Every file a transform changed, by URL without query or hash (a test runner or dev server that
 * imports `./m.mjs?t=1`, `?t=2`… keeps one entry), with those transforms and whether they gave a
 * map: an error thrown in its code, even long after it loaded, is told to come from rewritten
 * code.
 */
const rewritten = new Map<string, { applied: readonly TransformEntry[]; mapped: boolean }>();

/** The errors explained already: an error that passes several wrappers is told once. */
const explained = new WeakSet<object>();

/** The ES module compile errors whose module was searched for among the rewrites already. */
const searched = new WeakSet<object>();

/** Called by the transforms with each module they changed. */
export function noteRewrite(rewrite: Rewrite): void {
  rewritten.set(fileOf(rewrite.url), {
    applied: rewrite.applied,
    mapped: rewrite.mapped ?? rewrite.map !== undefined,
  });
  forgetRewrite(rewrite.url);
  rewriteCount += 1;
  rewrites.set(rewrite.url, { ...rewrite, seq: rewriteCount });
  rewriteCodeKept += rewrite.code.length;
  while (
    rewrites.size > REWRITES_KEPT ||
    (rewriteCodeKept > REWRITE_CODE_KEPT && rewrites.size > 1)
  ) {
    forgetRewrite(rewrites.keys().next().value as string);
  }
}

function forgetRewrite(url: string): void {
  const kept = rewrites.get(url);
  if (!kept) return;
  rewriteCodeKept -= kept.code.length;
  rewrites.delete(url);
}

/** A mark to pass to {@link explainEsModuleError}: the rewrites made from now on are after it. */
export function rewriteMark(): number {
  return rewriteCount;
}

/** A module's URL without the query and hash that make it a module of its own of one file. */
function fileOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** How a warning names a transform: by its function's name, if it has one, and its filter. */
export function transformNamed(entry: TransformEntry): string {
  const { transformer } = entry;
  return `the transform ${transformer.name ? `${transformer.name} ` : ''}(filter ${filterNamed(entry)})`;
}

/** A transform as the call that added it: `transform("src/")`, `transform(/\.ts$/)`. */
export function transformCall(entry: TransformEntry): string {
  return `transform(${filterNamed(entry)})`;
}

function filterNamed({ filter }: TransformEntry): string {
  if (typeof filter === 'string') return JSON.stringify(filter);
  return isRegExp(filter) ? String(filter) : filter.name || 'a predicate';
}

interface Position {
  /** 1-based, as stack traces count. */
  readonly line: number;
  readonly column: number;
}

/**
 * A SyntaxError thrown by the compile of the CommonJS module `filename` (its URL `url`), if a
 * transform rewrote it: its message is made to say so. Node puts the file and line it failed at
 * above the error's stack (with the line and a caret), which tells the module's own compile apart
 * from an error its body threw or a module it required. The error is the same object, class and
 * code: only its message (and the stack's copy of it) grows.
 */
export function explainCommonJsError(error: unknown, filename: string, url: string): void {
  if (rewrites.size === 0 || !isUnexplainedSyntaxError(error)) return;
  const rewrite = rewrites.get(url);
  if (!rewrite) return;
  // Node names a file by its path, or by its URL where it failed to strip TypeScript's types.
  const at = arrowPosition(error, filename) ?? arrowPosition(error, url);
  if (at) explain(error, rewrite, filename, at);
}

/**
 * The error an import of a CommonJS file gets when a transform made it an ES module: Node read
 * the file's format (from its own source) before the transforms ran, loads it as CommonJS, finds
 * ES module syntax as it compiles, and reports a require() cycle nobody wrote. Its message is made
 * to say what happened and what to return instead.
 */
export function explainFormatChange(error: unknown, filename: string, url: string): void {
  if (!(error instanceof Error) || explained.has(error)) return;
  if ((error as { code?: unknown }).code !== 'ERR_REQUIRE_CYCLE_MODULE') return;
  const rewrite = rewrites.get(url);
  if (rewrite?.format !== 'commonjs' || !error.message.includes(filename)) return;
  const by = rewrite.applied.map(transformNamed).join(', then ');
  amend(
    error,
    `${by} returned ES module syntax for ${filename}, whose own source is CommonJS: Node tells an imported file's format from its own source, before transforms run, so it loads as CommonJS. Where a transform is given format 'commonjs', return CommonJS (require, module.exports)`,
  );
}

/**
 * A SyntaxError thrown by the compile of an ES module (Node names no file in it), if it is one
 * of the modules rewritten last whose rewritten source does not parse: its message is made to
 * say which, by which transforms, and where. Where the caller knows when the load began (`since`,
 * a {@link rewriteMark}), only the rewrites made during it are looked at, and the module `own`
 * it loads: a module rewritten before, broken and caught by the program, is not blamed for an
 * error of a module no transform selected. A TypeScript module's JavaScript, once Node stripped
 * it, is not checked: its source is not JavaScript until then.
 */
export function explainEsModuleError(error: unknown, since = 0, own?: string): void {
  if (rewrites.size === 0 || !isUnexplainedSyntaxError(error) || searched.has(error)) return;
  // Once: an error that passes the requires of several modules on its way is searched for once.
  searched.add(error);
  const newestFirst = [...rewrites.values()]
    .filter((rewrite) => rewrite.seq > since || rewrite.url === own)
    .reverse();
  // TypeScript whose types Node could not strip: Node names the module, and where, above the
  // error's stack (ERR_INVALID_TYPESCRIPT_SYNTAX).
  for (const rewrite of newestFirst) {
    const at = arrowPosition(error, rewrite.url);
    if (at) {
      explain(error, rewrite, rewrite.url, at);
      return;
    }
  }
  if (!String(error.stack).includes('at compileSourceTextModule ')) return;
  for (const rewrite of newestFirst) {
    if (rewrite.format !== 'module' || /\.[cm]?ts$/.test(new URL(rewrite.url).pathname)) continue;
    const at = parseFailure(rewrite.code);
    if (at) {
      explain(error, rewrite, rewrite.url, at);
      return;
    }
  }
}

/**
 * An error thrown in the code of a module a transform changed (where its stack's first frame is):
 * a line under its message says so, by which transforms, and whether the positions in its stack
 * are those of the code they returned. The message is the program's own, left as it is (a test
 * may match it exactly); so is an error thrown elsewhere (a function the code called).
 */
export function explainThrownInRewritten(error: unknown): void {
  if (rewritten.size === 0 || !(error instanceof Error) || explained.has(error)) return;
  const stack = error.stack;
  if (typeof stack !== 'string') return;
  const at = stack.indexOf('\n    at ');
  if (at === -1) return;
  const end = stack.indexOf('\n', at + 1);
  const file = /^\n {4}at (?:.* \()?(.+?):\d+:\d+\)?$/.exec(
    stack.slice(at, end === -1 ? undefined : end),
  )?.[1];
  if (!file) return;
  // A CommonJS module's frame names its path (`C:\\app\\a.js` on Windows), an ES module's its URL.
  const url = isAbsolute(file) ? pathToFileURL(file).href : file;
  const rewrite = rewritten.get(fileOf(url));
  if (!rewrite) return;
  const by = rewrite.applied.map(transformNamed).join(', then ');
  const told = positionsTold(file, url, rewrite.mapped, rewrite.applied.length > 1 ? 'they' : 'it');
  const note = `\n    note: ${file} was rewritten by ${by} as it loaded; ${told}`;
  error.stack = `${stack.slice(0, at)}${note}${stack.slice(at)}`;
  explained.add(error);
}

/**
 * Whether a stack's positions in a rewritten file are those of the code the transforms returned,
 * or traced to the original: Node traces them where source maps are on and it found a map (one
 * a transform gave, or put in its code).
 */
function positionsTold(file: string, url: string, mapGiven: boolean, who: string): string {
  const inCode = `the positions below are in the code ${who} returned`;
  const map = mapGiven ? 'given' : mapInRewrittenCode(url);
  if (process.sourceMapsEnabled && findSourceMap(file)) {
    return 'the positions below are traced through its source map';
  }
  if (map === 'none') return `${inCode}, which came with no source map`;
  if (map === 'given' && !process.sourceMapsEnabled) {
    return `${inCode}; --enable-source-maps traces them through its source map`;
  }
  return inCode;
}

/** Whether the code a module was rewritten to points to a map, where that code is still kept. */
function mapInRewrittenCode(url: string): 'given' | 'none' | 'unknown' {
  const code = rewrites.get(url)?.code;
  if (code === undefined) return 'unknown';
  try {
    return mapPointedTo(code, url) ? 'given' : 'none';
  } catch {
    return 'unknown';
  }
}

let watching = false;

/**
 * Explains, before the program sees them, the errors hookline is not on the way of: one that
 * ends the program (a static import, a throw in a callback), seen by a monitor that changes
 * nothing else; and one an `import()` rejects with, which Node publishes on its `module.import`
 * tracing channel (Node 22.15+, 24; Node 20 has none) before the program's `catch` runs. Either
 * way the program fails, or catches, as it would have.
 */
export function watchTransformErrors(): void {
  if (watching) return;
  watching = true;
  process.on('uncaughtExceptionMonitor', (error) => explainAnywhere(error));
  // The same context object comes with an import()'s start and its error: the mark taken at its
  // start tells the modules rewritten while it loaded.
  const marks = new WeakMap<object, number>();
  const { subscribe } = builtinModule('node:diagnostics_channel');
  subscribe('tracing:module.import:start', (context: unknown) => {
    if (typeof context === 'object' && context !== null) marks.set(context, rewriteCount);
  });
  subscribe('tracing:module.import:error', (context: unknown) => {
    if (typeof context !== 'object' || context === null) return;
    explainAnywhere((context as { error?: unknown }).error, marks.get(context));
  });
}

/** A transformed ES module's SyntaxError, or an error thrown in rewritten code, explained. */
function explainAnywhere(error: unknown, since?: number): void {
  try {
    explainEsModuleError(error, since);
    explainThrownInRewritten(error);
  } catch {
    // Explaining is a courtesy: Node's error goes on as it is.
  }
}

function isUnexplainedSyntaxError(error: unknown): error is SyntaxError {
  return error instanceof SyntaxError && !explained.has(error);
}

/** Where Node's caret above a compile error's stack points, if it names `filename`. */
function arrowPosition(error: SyntaxError, filename: string): Position | undefined {
  const stack = String(error.stack);
  const head = `${filename}:`;
  if (!stack.startsWith(head)) return undefined;
  const [first = '', , caretLine = ''] = stack.split('\n', 3);
  const line = Number(first.slice(head.length));
  if (!Number.isInteger(line)) return undefined;
  return { line, column: caretLine.indexOf('^') + 1 };
}

/** Where `code`, as an ES module, fails to parse; none if it parses. */
function parseFailure(code: string): Position | undefined {
  try {
    acorn().parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
    return undefined;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    return loc ? { line: loc.line, column: loc.column + 1 } : undefined;
  }
}

function explain(error: SyntaxError, rewrite: Rewrite, file: string, at: Position): void {
  const by = rewrite.applied.map(transformNamed).join(', then ');
  const where = `line ${at.line}${at.column > 0 ? `, column ${at.column}` : ''}`;
  amend(error, `in the code ${by} returned for ${file}, at ${where}${origin(rewrite, at)}`);
  // Told: a later error is not this module's (Node does not compile a module twice).
  forgetRewrite(rewrite.url);
}

/**
 * `note` added to an error's message, in parentheses, and to the stack's copy of the message
 * (after `SyntaxError: `, `Error [CODE]: `).
 */
function amend(error: Error, note: string): void {
  const old = error.message;
  const stack = String(error.stack);
  error.message = `${old} (${note})`;
  const at = stack.indexOf(`: ${old}`);
  if (at !== -1) {
    const end = at + 2 + old.length;
    error.stack = `${stack.slice(0, at + 2)}${error.message}${stack.slice(end)}`;
  }
  explained.add(error);
}

/** Where the transforms' source map traces a position in the rewritten code back to. */
function origin({ map: given, code, url, format, applied }: Rewrite, at: Position): string {
  try {
    // A transform may put its map in the code it returns (esbuild's `sourcemap: 'inline'`).
    const map = given ?? mapPointedTo(code, url);
    if (!map) return `; the ${applied.length > 1 ? 'transforms' : 'transform'} gave no source map`;
    const entry = new SourceMap(map as never).findEntry(at.line - 1, Math.max(at.column - 1, 0));
    if (!('originalSource' in entry)) return '';
    // A map names its sources relative to the module; a CommonJS module is named by its path.
    const source = new URL(entry.originalSource, url);
    const named =
      format === 'commonjs' && source.protocol === 'file:' ? fileURLToPath(source) : source.href;
    return `, which its source map traces to ${named}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  } catch {
    return '';
  }
}
