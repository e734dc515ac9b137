import { findSourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A position in a source file, 1-based like a stack trace. */
export interface SourcePosition {
  /** A file path, or the URL as given when it is not a `file:` URL ({@link originalUrlPosition}: a URL). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Where generated code came from: the original position (`app.ts:12`) when Node has a source
 * map for `fileOrUrl` (source maps are on: `--enable-source-maps`, or
 * `process.setSourceMapsEnabled(true)`), else the position as given. Line and column are
 * 1-based. Works on the thread that loaded the script, where Node keeps its source maps.
 */
export function originalPosition(fileOrUrl: string, line: number, column: number): SourcePosition {
  const position = originalUrlPosition(fileOrUrl, line, column);
  return { ...position, file: displayPath(position.file) };
}

/**
 * {@link originalPosition} with the file named as Node names it: the source's URL
 * (`file:///…/app.ts`) where a source map is known, else `fileOrUrl` as given — for what reports
 * its scripts by URL, as V8's profiles do.
 */
export function originalUrlPosition(
  fileOrUrl: string,
  line: number,
  column: number,
): SourcePosition {
  const map = sourceMapOf(fileOrUrl);
  const entry = map?.findEntry(line - 1, column - 1) as
    | { originalSource?: string; originalLine?: number; originalColumn?: number }
    | undefined;
  if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
    return {
      file: entry.originalSource,
      line: entry.originalLine + 1,
      column: (entry.originalColumn ?? 0) + 1,
    };
  }
  return { file: fileOrUrl, line, column };
}

/**
 * The lengths of the lines of the code Node compiled for `fileOrUrl` — a loader's output (tsx's),
 * which V8's offsets index, not the file on disk — where Node has a source map for it: Node keeps
 * them with the map. A length leaves out the line's end (`\n`, U+2028, U+2029) and keeps a `\r`.
 */
export function compiledLineLengths(fileOrUrl: string): readonly number[] | undefined {
  // A getter of Node's SourceMap since 20.5 that @types/node does not declare: feature-detected.
  const lengths: unknown = (sourceMapOf(fileOrUrl) as { lineLengths?: unknown } | undefined)
    ?.lineLengths;
  return Array.isArray(lengths) ? lengths : undefined;
}

/** A `file:` URL as a path; anything else (`node:fs`, `data:`) unchanged. */
export function displayPath(fileOrUrl: string): string {
  if (!fileOrUrl.startsWith('file:')) return fileOrUrl;
  try {
    return fileURLToPath(fileOrUrl);
  } catch {
    // A malformed file URL is still the best name there is for the script.
    return fileOrUrl;
  }
}

function sourceMapOf(fileOrUrl: string) {
  if (!process.sourceMapsEnabled || fileOrUrl === '') return undefined;
  // Node keys its maps by path for CommonJS and by URL for ES modules: ask under both names.
  const path = displayPath(fileOrUrl);
  const url = fileOrUrl.startsWith('/') ? pathToFileURL(fileOrUrl).href : fileOrUrl;
  return findSourceMap(path) ?? (url === path ? undefined : findSourceMap(url));
}
