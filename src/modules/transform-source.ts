import type Remapping from '@jridgewell/remapping';
import { lazyRequire } from '../internal/lazy-require.js';
import { warn } from '../internal/warning.js';
import { noteApplied } from './never-ran.js';
import { registry, type TransformEntry } from './registry.js';
import { lastMapReference, MAP_COMMENT, mapPointedTo } from './source-map-comment.js';
import { noteRewrite, transformNamed } from './transform-errors.js';
import type { SourceMapInput, TransformInfo } from './types.js';

/** Source-map composition loads with the first transform that returns a map. */
const remapping = lazyRequire<typeof Remapping>('@jridgewell/remapping');

/**
 * Runs every matching transform over a module's source, in registration order. Each source map
 * a transform returns is composed with the one the source already had (inline or a file next to
 * it), so stack traces and debuggers keep pointing at the original file; the result carries the
 * composed map inline. A transform that throws, or returns something other than code or a usable
 * map, is reported and skipped.
 */
export function runTransforms(
  source: string,
  info: TransformInfo,
  entries: Iterable<TransformEntry> = matchingTransforms(info.url),
): string {
  return rewriteSource(source, info, entries).code;
}

/** What {@link runTransforms} made of a source, with the transforms that changed it. */
export interface SourceRewrite {
  readonly code: string;
  readonly applied: readonly TransformEntry[];
  /** Whether a transform gave a source map (composed into `code`, inline). */
  readonly mapped: boolean;
}

/** {@link runTransforms}, telling which transforms changed the source. */
export function rewriteSource(
  source: string,
  info: TransformInfo,
  entries: Iterable<TransformEntry>,
): SourceRewrite {
  const { url, format } = info;
  let code = source;
  let map: SourceMapInput | undefined;
  let mapChanged = false;
  /** Whether `code` carries the map composed so far in its comment (the last one, inline). */
  let carriesMap = true;
  const applied: TransformEntry[] = [];
  for (const entry of entries) {
    // A transform that reads the code's map (the smart assert does, to show the line as written)
    // must read the one composed so far, not the loader's that a transform before it returned
    // its own map beside, leaving the old comment in its code.
    if (!carriesMap && map) code = withInlineMap(code, map);
    carriesMap = true;
    let result: ReturnType<TransformEntry['transformer']>;
    noteApplied(entry);
    transforming += 1;
    try {
      result = entry.transformer(code, { ...info });
    } catch (error) {
      warn(`${transformNamed(entry)} threw on ${url}; it is skipped`, error);
      continue;
    } finally {
      transforming -= 1;
    }
    // Nothing returned leaves the source as it is, as for Rollup's and Vite's transform hooks,
    // and what Babel's transformSync gives for a file it ignores (`?.code`).
    if (result === undefined || result === null) continue;
    if (
      typeof result !== 'string' &&
      (typeof result !== 'object' || typeof result.code !== 'string')
    ) {
      warn(`${transformNamed(entry)} on ${url} ${unusableResult(result)}; it is skipped`);
      continue;
    }
    const next = typeof result === 'string' ? result : result.code;
    // After a transform that returned a map, the map the code carries is composed in the end:
    // a map this one put in its code (esbuild's inline map) is composed too, or it would be lost.
    const added =
      (typeof result === 'string' ? undefined : result.map) ||
      (mapChanged ? mapPutIn(next, code, url) : undefined);
    if (added) {
      map ??= existingMap(code, url);
      const composed = composedMap(added, map, url);
      if (!composed) continue;
      map = composed;
      mapChanged = true;
      carriesMap = false;
    }
    if (next !== code) applied.push(entry);
    code = next;
  }
  if (!carriesMap && map) code = withInlineMap(code, map);
  const mapped = mapChanged && map !== undefined;
  if (applied.length > 0)
    noteRewrite({ url, format, applied, code, map: mapped ? map : undefined });
  return { code, applied, mapped };
}

/** `code` with `map` as its only source map comment, inline. */
function withInlineMap(code: string, map: SourceMapInput): string {
  const inline = Buffer.from(JSON.stringify(map)).toString('base64');
  return `${code.replace(MAP_COMMENT, '')}\n//# sourceMappingURL=data:application/json;base64,${inline}\n`;
}

/** What was wrong with what a transform returned, and what it should return. */
function unusableResult(result: unknown): string {
  const thenable =
    (typeof result === 'object' || typeof result === 'function') &&
    result !== null &&
    typeof (result as { then?: unknown }).then === 'function';
  if (thenable) {
    return 'returned a promise; transforms run while the module loads (require() is synchronous), so they must return the code itself: use the synchronous form of the compiler';
  }
  const what = Array.isArray(result) ? 'an array' : `a ${typeof result}`;
  return `returned ${what}; a transform returns the code as a string, { code, map }, or nothing to leave the source as it is`;
}

/**
 * A transform's map laid over the one the source had (or alone), checked on the way: a map that
 * cannot be read is the transform's failure, reported, and `undefined` (the transform is
 * skipped, as one that throws). When only the source's own map is unreadable, the transform's
 * map is used alone.
 */
function composedMap(
  added: SourceMapInput | string,
  previous: SourceMapInput | undefined,
  url: string,
): SourceMapInput | undefined {
  // The composer reads a map given as JSON text as it reads an object.
  const compose = (maps: readonly (SourceMapInput | string)[]) =>
    remapping()(maps as never, () => null) as unknown as SourceMapInput;
  const problem = mapProblem(added);
  if (problem !== undefined) return skipped(url, new TypeError(problem));
  try {
    return compose(previous ? [added, previous] : [added]);
  } catch (error) {
    if (!previous) return skipped(url, error);
    try {
      const alone = compose([added]);
      warn(`the source map of ${url} could not be read; the transform's map is used alone`, error);
      return alone;
    } catch (ownError) {
      return skipped(url, ownError);
    }
  }
}

/**
 * What keeps a transform's map from being a source map (version 3, with `sources` and `mappings`,
 * or an index map's `sections`), said of it: the composer's own error would name its internals.
 */
function mapProblem(map: SourceMapInput | string): string | undefined {
  let value: unknown = map;
  if (typeof map === 'string') {
    try {
      value = JSON.parse(map);
    } catch (error) {
      return `its JSON text does not parse: ${(error as Error).message}`;
    }
  }
  if (typeof value !== 'object' || value === null) return `it is ${typeof value}, not an object`;
  const fields = value as {
    version?: unknown;
    sources?: unknown;
    mappings?: unknown;
    sections?: unknown;
  };
  if (fields.version !== 3)
    return `its version is ${String(fields.version)}, where 3 is the one there is`;
  if (Array.isArray(fields.sections)) return undefined;
  if (!Array.isArray(fields.sources))
    return 'it has no sources array (the files its mappings point into)';
  if (typeof fields.mappings !== 'string') return 'it has no mappings string';
  return undefined;
}

function skipped(url: string, error: unknown): undefined {
  warn(
    `a transform on ${url} returned a source map that cannot be read; that transform is skipped`,
    error,
  );
  return undefined;
}

/**
 * Transforms running now. What a transform loads while it runs (a compiler it requires on first
 * use) is not transformed: it would be transformed by a transform that needs it loaded.
 */
let transforming = 0;

/** The transforms whose filter selects `url` (none for what a running transform loads). */
export function matchingTransforms(url: string): TransformEntry[] {
  if (transforming > 0) return [];
  const found: TransformEntry[] = [];
  for (const entry of registry.transforms) if (selects(entry, url)) found.push(entry);
  return found;
}

/** The transforms whose filter threw: each reported once, not at every module it is asked of. */
const filterThrew = new WeakSet<TransformEntry>();

/**
 * Whether `entry`'s filter selects `url`. A filter that throws selects nothing: the module loads
 * as the other transforms leave it, and the program goes on (a throw here would fail its import,
 * or on Node 20 end the program from the loader thread's message handler).
 */
function selects(entry: TransformEntry, url: string): boolean {
  try {
    return entry.test(url);
  } catch (error) {
    if (!filterThrew.has(entry)) {
      filterThrew.add(entry);
      warn(
        `the filter of ${transformNamed(entry)} threw on ${url}: that transform skips it, and every other module its filter throws on (said once)`,
        error,
      );
    }
    return false;
  }
}

/**
 * The map a transform put in the code it returned (`next`), where that code points to another
 * map than the code it was given did; none if it cannot be read (reported).
 */
function mapPutIn(next: string, given: string, url: string): SourceMapInput | undefined {
  const reference = lastMapReference(next);
  if (reference === undefined || reference === lastMapReference(given)) return undefined;
  try {
    return mapPointedTo(next, url);
  } catch (error) {
    warn(
      `a transform on ${url} put a source map in its code that cannot be read; it is left out`,
      error,
    );
    return undefined;
  }
}

/** The source map a source already points to, if any can be read. */
function existingMap(code: string, url: string): SourceMapInput | undefined {
  try {
    return mapPointedTo(code, url);
  } catch (error) {
    warn(`the source map of ${url} could not be read; the transform's map is used alone`, error);
    return undefined;
  }
}

/**
 * The sources of the CommonJS modules an import loaded, transformed as they loaded (Node 22.15+,
 * 24: Node reads the names of their exports from them), by URL, until Node compiles them.
 */
const transformedCommonJs = new Map<string, string>();

/** A CommonJS module's source, transformed for an import that loads it. */
export function noteTransformedCommonJs(url: string, source: string): void {
  transformedCommonJs.set(url, source);
}

/**
 * Whether `source`, which `module._compile` got for `url`, is what the transforms made of it for
 * the import that loads it: they are not run again.
 */
export function transformedForImport(url: string, source: string): boolean {
  if (transformedCommonJs.size === 0 || transformedCommonJs.get(url) !== source) return false;
  transformedCommonJs.delete(url);
  return true;
}
