import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { debug } from '../internal/debuglog.js';
import { readTextIfPresent } from '../internal/fs.js';
import { lineAt, lineStarts } from '../internal/line-starts.js';
import { lastMapReference, mapPointedTo } from '../modules/source-map-comment.js';
import type { SourceMapInput } from '../modules/types.js';
import type { Anchor } from './instrument.js';
import type { AssertLayout } from './runtime.js';

/** Where a position of the code came from: a line of a source, and the column in it. */
interface Written {
  readonly source: number;
  readonly line: number;
  readonly column: number;
}

/**
 * Code a loader compiled (tsx, esbuild, tsc), read back through the source map it carries to the
 * source as written: the map's `sourcesContent`, or the file it names. `undefined` for code that
 * points to no map, or to one whose sources cannot be had.
 */
export function sourceAsWritten(code: string, url: string): SourceAsWritten | undefined {
  let map: SourceMapInput | undefined;
  try {
    map = mapPointedTo(code, url);
  } catch (error) {
    debug('smart assert: the source map of %s cannot be read: %s', url, error);
    return undefined;
  }
  // An index map (`sections`) has no sources of its own: not read here.
  if (!map || !Array.isArray(map.sources) || map.sources.length === 0) return undefined;
  // Sources are relative to the map: a map file's URL, or the module's for an inline map.
  const reference = lastMapReference(code) as string;
  const base = reference.startsWith('data:') ? url : new URL(reference, url).href;
  return new SourceAsWritten(code, map, base);
}

export class SourceAsWritten {
  readonly #code: string;
  readonly #map: SourceMap;
  readonly #sources: readonly (string | null)[];
  readonly #contents: readonly (string | null | undefined)[];
  readonly #base: string;
  readonly #sourceRoot: string;
  /** Where each line of the code starts. */
  readonly #lineStarts: readonly number[];
  /** The lines of each source read so far, by its index. */
  readonly #lines = new Map<number, readonly string[] | undefined>();

  constructor(code: string, map: SourceMapInput, base: string) {
    this.#code = code;
    this.#map = new SourceMap(map as never);
    this.#sources = map.sources;
    this.#contents = map.sourcesContent ?? [];
    this.#base = base;
    this.#sourceRoot = map.sourceRoot ?? '';
    this.#lineStarts = lineStarts(code);
  }

  /**
   * An assert's line as written, with the column under which each part's value goes, where the
   * map places every part on that line for sure; `undefined` where it does not. `start` and
   * `close` are where the call starts and its `)`, in the code; `anchors`, where each part's
   * value goes in the code. A part is placed by an entry of the map at its own token, the same
   * token in the source (a name esbuild renamed is not); an operator that has no entry, just
   * before the operand after it, where the source has nothing between them but spaces and `(`.
   */
  layout(start: number, close: number, anchors: readonly Anchor[]): AssertLayout | undefined {
    const first = this.#written(start);
    if (!first) return undefined;
    const text = this.#lineOf(first);
    const last = this.#written(close);
    if (text === undefined || !last || !sameLine(last, first) || text[last.column] !== ')') {
      return undefined;
    }
    const columns: number[] = [];
    for (const anchor of anchors) {
      const column = this.#columnOf(anchor, first, text);
      if (column === undefined || column < first.column || column > last.column) return undefined;
      columns.push(column);
    }
    // The parts come in the order they were written: a map that reorders them places nothing.
    if (!sameOrder(anchors, columns)) return undefined;
    return {
      line: text.slice(first.column, last.column + 1).replaceAll('\t', ' '),
      columns: columns.map((column) => column - first.column),
    };
  }

  /** Where a part's value goes in the source's line, or `undefined` if not for sure. */
  #columnOf(anchor: Anchor, line: Written, text: string): number | undefined {
    const own = this.#written(anchor.at);
    if (own && sameLine(own, line) && this.#sameAt(anchor, text, own.column)) return own.column;
    const { operator } = anchor;
    if (!operator) return undefined;
    const operand = this.#written(operator.operand);
    if (!operand || !sameLine(operand, line)) return undefined;
    if (!sameToken(this.#token(operator.operand), text, operand.column)) return undefined;
    let end = operand.column;
    while (end > 0 && /[\s(]/.test(text[end - 1] as string)) end--;
    const at = end - operator.text.length;
    if (at < 0 || text.slice(at, end) !== operator.text) return undefined;
    // Not the end of a longer operator (`!==` for `==`), nor `!` of a non-null assertion.
    if (at > 0 && /[=!<>&|?*+\-/%^~]/.test(text[at - 1] as string)) return undefined;
    // `a > <T>b`: the `>` before the operand closes a type. An operand that an angle bracket
    // precedes anywhere after the left one's start is not placed.
    if (operator.text === '>') {
      const left = this.#written(operator.left);
      if (!left || !sameLine(left, line) || text.slice(left.column, at).includes('<')) {
        return undefined;
      }
    }
    return at;
  }

  /**
   * Whether the source has at `column` what the code has at the anchor: the same token, or, for
   * esbuild's `import_math.add`, a name (`add`, or the one the import gave it).
   */
  #sameAt(anchor: Anchor, text: string, column: number): boolean {
    if (anchor.imported) return /^[\p{ID_Start}$_]/u.test(tokenAt(text, column));
    return sameToken(this.#token(anchor.at), text, column);
  }

  /** The token of the code at `at`. */
  #token(at: number): string {
    return tokenAt(this.#code, at);
  }

  /** Where the code at `at` came from, where the map has an entry at exactly that place. */
  #written(at: number): Written | undefined {
    const line = lineAt(this.#lineStarts, at);
    const column = at - (this.#lineStarts[line] as number);
    const entry = this.#map.findEntry(line, column) as Partial<{
      generatedLine: number;
      generatedColumn: number;
      originalSource: string;
      originalLine: number;
      originalColumn: number;
    }>;
    if (entry.generatedLine !== line || entry.generatedColumn !== column) return undefined;
    if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
    const source = this.#sources.indexOf(entry.originalSource);
    if (source < 0) return undefined;
    return { source, line: entry.originalLine, column: entry.originalColumn ?? 0 };
  }

  /** The text of the source's line `written` is on, if the source can be had. */
  #lineOf(written: Written): string | undefined {
    if (!this.#lines.has(written.source)) {
      const text = this.#contents[written.source] ?? this.#read(written.source);
      this.#lines.set(written.source, text?.split(/\r?\n/));
    }
    return this.#lines.get(written.source)?.[written.line];
  }

  /** A source the map does not hold: the file it names, where that is a file. */
  #read(source: number): string | undefined {
    const name = this.#sources[source];
    if (name === null || name === undefined) return undefined;
    try {
      const url = new URL(this.#sourceRoot + name, this.#base);
      return url.protocol === 'file:' ? readTextIfPresent(fileURLToPath(url)) : undefined;
    } catch (error) {
      debug('smart assert: the source %s of %s cannot be read: %s', name, this.#base, error);
      return undefined;
    }
  }
}

/** A name (`typeof`, `#secret`), or the one character a token starts with. */
const TOKEN = /^(?:#?[\p{ID_Continue}$\u200c\u200d]+|.)/su;

function tokenAt(text: string, at: number): string {
  return TOKEN.exec(text.slice(at, at + 256))?.[0] ?? '';
}

/**
 * Whether the source has at `column` the token the code has: the same name (not one esbuild
 * renamed, `total2` for `total`), the same punctuator, a string for a string (esbuild writes its
 * quotes its own way), a number for a number.
 */
function sameToken(token: string, text: string, column: number): boolean {
  const written = tokenAt(text, column);
  const quote = /^['"]$/;
  if (quote.test(token)) return quote.test(written);
  const number = /^\.?\d/;
  if (number.test(token)) return number.test(written);
  return written === token;
}

function sameLine(a: Written, b: Written): boolean {
  return a.source === b.source && a.line === b.line;
}

/**
 * Whether the parts are in the source in the order they are in the code: a part after another
 * in the code is after it in the source, and two parts at one place are at one place.
 */
function sameOrder(anchors: readonly Anchor[], columns: readonly number[]): boolean {
  const parts = anchors.map((anchor, index) => ({ at: anchor.at, column: columns[index] ?? 0 }));
  parts.sort((a, b) => a.at - b.at);
  return parts.every((part, index) => {
    const before = parts[index - 1];
    if (!before) return true;
    return part.at === before.at ? part.column === before.column : part.column > before.column;
  });
}
