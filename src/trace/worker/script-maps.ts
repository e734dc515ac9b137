import { eachMapping, TraceMap } from '@jridgewell/trace-mapping';
import { debug } from '../../internal/debuglog.js';
import { mapLocation, mapReferenced } from '../../modules/source-map-comment.js';

/** A position in a script, 0-based as the inspector protocol counts. */
export interface ScriptPosition {
  readonly line: number;
  readonly column: number;
}

/** A script's source map: the sources it maps, by URL, and where their lines went. */
export interface ScriptMap {
  /** The URLs of the files it maps back to (`file:///…/app.ts`). */
  readonly sources: ReadonlySet<string>;
  /**
   * Where the code of `line` (0-based) of `source` begins in the script: the first place any part
   * of that line was compiled to. A line with no code of its own (a type, a comment) is taken at
   * the next line of the source that has some, as V8 does with a breakpoint on such a line.
   */
  startOf(source: string, line: number): ScriptPosition | undefined;
}

const maps = new Map<string, ScriptMap | null>();

/**
 * The source map of the script at `scriptUrl` that its `sourceMappingURL` names (`reference`), read
 * once: `undefined` where it cannot be read (a file gone, text that is not a map), which leaves
 * the script's lines as they are.
 */
export function scriptMap(scriptUrl: string, reference: string): ScriptMap | undefined {
  const key = `${scriptUrl}\n${reference}`;
  let map = maps.get(key);
  if (map === undefined) {
    map = readMap(scriptUrl, reference);
    maps.set(key, map);
  }
  return map ?? undefined;
}

/**
 * The files the source map `reference` of the script at `scriptUrl` maps back to, read without
 * keeping the map: `undefined` where it cannot be read.
 */
export function mapSources(scriptUrl: string, reference: string): ReadonlySet<string> | undefined {
  return readMap(scriptUrl, reference)?.sources;
}

/** Whether a script's map read so far maps back to `url`. */
export function mappedFrom(url: string): boolean {
  for (const map of maps.values()) if (map?.sources.has(url)) return true;
  return false;
}

function readMap(scriptUrl: string, reference: string): ScriptMap | null {
  try {
    const input = mapReferenced(reference, scriptUrl);
    if (input === undefined) return null;
    const mapUrl = mapLocation(reference, scriptUrl) ?? scriptUrl;
    const traced = new TraceMap(input as ConstructorParameters<typeof TraceMap>[0], mapUrl);
    return {
      sources: new Set(traced.resolvedSources),
      startOf: (source, line) => startOf(traced, source, line),
    };
  } catch (error) {
    debug('the source map of %s could not be read: %s', scriptUrl, (error as Error).message);
    return null;
  }
}

function startOf(map: TraceMap, source: string, line: number): ScriptPosition | undefined {
  let found: ScriptPosition | undefined;
  let foundLine = Number.POSITIVE_INFINITY;
  eachMapping(map, (mapping) => {
    if (mapping.source !== source || mapping.originalLine === null) return;
    // trace-mapping counts lines from 1, columns from 0.
    const original = mapping.originalLine - 1;
    if (original < line || original > foundLine) return;
    const at = { line: mapping.generatedLine - 1, column: mapping.generatedColumn };
    if (original < foundLine || isBefore(at, found)) {
      found = at;
      foundLine = original;
    }
  });
  return found;
}

function isBefore(a: ScriptPosition, b: ScriptPosition | undefined): boolean {
  return b === undefined || a.line < b.line || (a.line === b.line && a.column < b.column);
}
