import { fileURLToPath } from 'node:url';
import { lexer } from './lexer.js';
import { lexable } from './module-syntax.js';

type Source = string | ArrayBuffer | ArrayBufferView;

/**
 * How many ES modules' sources are kept for their importers' check: a module's imports resolve
 * right after it loads, so a few hundred cover the modules of a graph loading at once. One
 * evicted before its imports resolve is not checked, and fails with Node's error alone.
 */
const KEPT = 256;

/** Where an importer takes names from a mock: its file (or URL), line and column. */
export function importerSite(parentURL: string, taken: ImportedNames): string {
  const where = parentURL.startsWith('file:') ? fileURLToPath(parentURL) : parentURL;
  return `${where}:${taken.line}:${taken.column}`;
}

/**
 * Whether the source a load hook got for `url` is what Node links: an ES module's, not a
 * TypeScript file's, whatever format it came with. A TypeScript compiler may run after hookline
 * has seen the source (a loader registered later runs first, and compiles what hookline hands
 * on), and it drops the imports of names only types use: those names are not asked of a mock.
 * Where nothing runs after hookline's hook (`last`: Node 22.15+/24's in-thread hooks, which
 * hookline keeps above the program's, and which `module.register` hooks run below), what it got
 * is what Node links — or, as `module-typescript`, what Node strips of its types, which keeps
 * every import but `import type` and `import { type a }`, which take no name.
 */
export function isImporterSource(
  url: string,
  format: string | null | undefined,
  last = false,
): boolean {
  if (last) return format === 'module' || format === 'module-typescript';
  return format === 'module' && !TYPESCRIPT_FILE.test(url);
}

/** A `.ts`, `.mts`, `.cts` or `.tsx` file, with or without a query or fragment. */
const TYPESCRIPT_FILE = /\.[cm]?tsx?(?:[?#]|$)/;

/** What is known of one importer: its source until read, then what its declarations take. */
/** The names an importer's declarations take from one specifier, and where the first one is. */
export interface ImportedNames {
  readonly names: readonly string[];
  /** 1-based line and column of the first declaration that takes names from it. */
  readonly line: number;
  readonly column: number;
}

interface Importer {
  source?: Source;
  names?: Map<string, ImportedNames>;
  /** The specifiers it resolved already: its static imports resolve first, once each. */
  readonly resolved: Set<string>;
}

/**
 * The sources of the ES modules loaded while some mock is in force, kept until their static
 * imports of a mock resolve: to tell, before Node links a module to a mock, which names it
 * imports from it. Node's own error for a missing one names the module as the importer wrote it,
 * never that it is a mock. Only the resolution of a mock reads them; with no mock, nothing is
 * kept.
 */
export class ImporterSources {
  readonly #importers = new Map<string, Importer>();

  /**
   * Keeps the source of the ES module at `url`, the oldest kept let go past {@link KEPT}. `copy`
   * where Node takes the bytes away once the hook returns: Node 20 moves a loader thread's buffer
   * to the main thread.
   */
  remember(url: string, source: Source | null | undefined, copy = false): void {
    if (source == null) return;
    this.#importers.delete(url);
    const kept = copy && typeof source !== 'string' ? bytesOf(source).slice() : source;
    this.#importers.set(url, { source: kept, resolved: new Set() });
    if (this.#importers.size > KEPT) {
      this.#importers.delete(this.#importers.keys().next().value as string);
    }
  }

  /**
   * Notes that `parentURL` resolved `specifier` (to anything but a mock): a later resolution of
   * it from there is an `import()`, which takes no names.
   */
  noteResolved(parentURL: string | undefined, specifier: string): void {
    if (parentURL !== undefined) this.#importers.get(parentURL)?.resolved.add(specifier);
  }

  /**
   * The names the module at `parentURL` imports statically from `specifier` (`import { a }`,
   * `export { a } from`), as that import resolves to a mock. Only at its first resolution from
   * there: its static imports all resolve before it runs, and a later `import()` of the same
   * specifier takes no names.
   */
  takeNames(parentURL: string | undefined, specifier: string): ImportedNames | undefined {
    try {
      return this.#takeNames(parentURL, specifier);
    } catch {
      // Never fail an import for bookkeeping: it links, or fails with Node's error.
      return undefined;
    }
  }

  #takeNames(parentURL: string | undefined, specifier: string): ImportedNames | undefined {
    const importer = parentURL === undefined ? undefined : this.#importers.get(parentURL);
    if (importer === undefined || importer.resolved.has(specifier)) return undefined;
    importer.resolved.add(specifier);
    if (importer.names === undefined && importer.source !== undefined) {
      importer.names = staticallyImportedNames(sourceString(importer.source));
      delete importer.source;
    }
    return importer.names?.get(specifier);
  }
}

function sourceString(source: Source): string {
  return typeof source === 'string' ? source : new TextDecoder().decode(bytesOf(source));
}

function bytesOf(source: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(source)
    ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
    : new Uint8Array(source);
}

/**
 * Per specifier, the names an ES module's static `import { … } from` and `export { … } from`
 * declarations take from it. A default import needs `default`, which every mock has, and a
 * namespace or star takes no name: neither is listed. Whatever this does not read for sure (a
 * source the lexer refuses, an unusual clause) lists nothing, so that no import that would link
 * is ever refused.
 */
export function staticallyImportedNames(source: string): Map<string, ImportedNames> {
  const names = new Map<string, ImportedNames>();
  let imports: ReturnType<ReturnType<typeof lexer>['parse']>[0];
  try {
    imports = lexer().parse(lexable(source))[0];
  } catch {
    return names;
  }
  const position = positions(source);
  for (const declaration of imports) {
    // `import … from` and `export … from`; not `import()`, `import.meta`, a star, a phase, a type.
    if (declaration.type !== 'static' || declaration.phase !== null || declaration.typeOnly) {
      continue;
    }
    const taken = clauseNames(source.slice(declaration.importStart, declaration.start - 1));
    if (taken.length === 0) continue;
    const earlier = names.get(declaration.specifier);
    const at = earlier ?? position(declaration.importStart);
    names.set(declaration.specifier, {
      names: [...(earlier?.names ?? []), ...taken],
      line: at.line,
      column: at.column,
    });
  }
  return names;
}

/** 1-based line and column of offsets asked in increasing order, counting lines once. */
function positions(source: string): (offset: number) => { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  return (offset) => {
    for (; scanned < offset; scanned++) {
      if (source.charCodeAt(scanned) === 10) {
        line++;
        lineStart = scanned + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  };
}

/** A name as an import clause writes it; made on first use (Unicode classes cost to make). */
let namePattern: RegExp | undefined;

/** The imported names of `import a, { b, c as d } from` or `export { b as c } from`. */
function clauseNames(clause: string): string[] {
  const text = clause.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
  const open = text.indexOf('{');
  const close = text.lastIndexOf('}');
  if (open === -1 || close < open) return [];
  const names: string[] = [];
  for (const item of text.slice(open + 1, close).split(',')) {
    const words = item.trim().split(/\s+/);
    const [name] = words;
    if (name === undefined || name === '') continue;
    // TypeScript's `type A` and `type A as B` are erased: they take nothing.
    if (name === 'type' && (words.length === 2 || (words.length === 4 && words[2] === 'as'))) {
      continue;
    }
    // `a`, `a as b`; anything else leaves the whole declaration out.
    const plain = words.length === 1 || (words.length === 3 && words[1] === 'as');
    if (!plain || !isName(name)) return [];
    names.push(name.startsWith('"') || name.startsWith("'") ? name.slice(1, -1) : name);
  }
  return names;
}

function isName(text: string): boolean {
  namePattern ??= /^(?:[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*|"[^"\\]*"|'[^'\\]*')$/u;
  return namePattern.test(text);
}
