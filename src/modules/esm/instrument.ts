import type * as Lexer from 'es-module-lexer';
import { lexer } from './lexer.js';
import { lexable } from './module-syntax.js';
import { RUNTIME_KEY, RUNTIME_MODULE } from './runtime-key.js';
import { hasLineBreak, skipTrivia, wordAt } from './tokens.js';
import { topLevelConsts } from './top-level-consts.js';

/** The source of an instrumented module, and the modules its re-exports come from. */
export interface Instrumented {
  readonly code: string;
  /** Specifiers (as written in the module) whose exports this module re-exports. */
  readonly reexportSources: readonly string[];
}

/**
 * The names generated code declares (the setters' parameter, the namespace imports, the binding
 * of an anonymous default export) start with a prefix that occurs nowhere in the module's source,
 * so none of them can equal, shadow or redeclare a name of the module.
 */
interface Names {
  readonly prefix: string;
  /** The local given to an anonymous default export so that it has an assignable binding. */
  readonly defaultLocal: string;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface Reexport {
  readonly exported: string;
  readonly source: string;
  readonly imported: string;
  readonly attributes: string;
}

/** What follows `export` in a statement that declares or names local bindings. */
type ExportStatement =
  | { readonly kind: 'clause' }
  | { readonly kind: 'const'; readonly keyword: number }
  | { readonly kind: 'declaration' }
  | { readonly kind: 'default'; readonly body: number };

/**
 * Makes every export of an ES module assignable from outside, keeping its live bindings, line
 * and column positions, evaluation order and circular imports as they were:
 *
 * - `export const` (and any `const` an `export { … }` names) becomes `let`, padded to the same
 *   length, so the binding can be reassigned — code that never reassigned a const cannot tell.
 * - An anonymous `export default` gets a local name, so the default export has a binding.
 * - Re-exports stay as they are: a change is made in the module that declares the binding, which
 *   hookline instruments too (see `reexportSources`).
 * - An epilogue, appended after the last line, hands the module's namespace and one setter per
 *   local export to hookline's runtime once the module has evaluated.
 *
 * `specifiers` are the names a hook matched it by (none for a module instrumented only because
 * a hooked module re-exports from it). Returns `undefined` when there is nothing to do.
 */
export function instrument(
  source: string,
  url: string,
  specifiers: readonly string[],
): Instrumented | undefined {
  const { parse } = lexer();
  const lexed = lexable(source);
  const [imports, exports] = parse(lexed);
  const edits: Edit[] = [];
  const locals = new Map<string, string>(); // exported name → local binding
  const reexports: Reexport[] = [];
  const stars: { source: string; attributes: string }[] = [];
  const constKeywords = new Set<number>(); // `const` keywords to turn into `let`
  const namedByClause = new Set<string>(); // locals an `export { … }` names
  const statements = new Map<number, ExportStatement>();
  let defaultRenamed = false;
  const text = withoutEscapes(source);
  const names = namesFor(text);

  // `with { … }` after the specifier, as written; the lexer does not read the older `assert`.
  const attributesOf = (index: number) => {
    const request = imports[index] as Lexer.StaticImport;
    const written = source.slice(request.end + 1, request.importEnd).replace(/;\s*$/, '');
    return written.trim() === '' ? assertedAttributes(source, request.end + 1) : written;
  };

  for (const record of exports) {
    if (record.typeOnly) continue;
    if (record.type === 'reexport') {
      // Also `import { a } from 'x'; export { a }`: the lexer sees through the import.
      reexports.push({
        exported: record.name,
        source: record.from,
        imported: record.importName ?? '*',
        attributes: attributesOf(record.importIndex),
      });
      continue;
    }
    if (record.type === 'reexport-all') {
      stars.push({ source: record.from, attributes: attributesOf(record.importIndex) });
      continue;
    }
    let statement = statements.get(record.exportStart);
    if (!statement) {
      statement = exportStatement(source, record.exportStart);
      statements.set(record.exportStart, statement);
      if (statement.kind === 'const') constKeywords.add(statement.keyword);
    }
    if (statement.kind === 'default' && isAnonymousDefault(source, statement.body, record)) {
      edits.push(nameDefault(source, record.exportStart, statement.body, names.defaultLocal));
      locals.set('default', names.defaultLocal);
      defaultRenamed = true;
    } else {
      const local = record.localName ?? record.name;
      locals.set(record.name, local);
      if (statement.kind === 'clause') namedByClause.add(local);
    }
  }
  // A module with no exports still hands its (empty) namespace to the hooks that selected it;
  // one instrumented only as a re-export source has nothing to offer.
  if (exports.length === 0 && specifiers.length === 0) return undefined;

  // `const x = …; export { x }`: the declaration is elsewhere in the module.
  if (namedByClause.size > 0) {
    for (const [name, keyword] of topLevelConsts(lexed, parse, constKeywords)) {
      if (namedByClause.has(name)) constKeywords.add(keyword);
    }
  }
  for (const keyword of constKeywords) {
    edits.push({ start: keyword, end: keyword + 5, text: 'let  ' });
  }

  const sources = new Map<string, string>(); // "specifier attributes" → namespace variable
  const namespaceOf = (specifier: string, attributes: string) => {
    const key = `${specifier}\0${attributes}`;
    let variable = sources.get(key);
    if (!variable) {
      variable = `${names.prefix}ns${sources.size}`;
      sources.set(key, variable);
    }
    return variable;
  };
  const reexportEntries = reexports.map(
    (r) =>
      `[${JSON.stringify(r.exported)},${namespaceOf(r.source, r.attributes)},${JSON.stringify(r.imported)},${JSON.stringify(r.source)}]`,
  );
  const starEntries = stars.map(
    (s) => `[${namespaceOf(s.source, s.attributes)},${JSON.stringify(s.source)}]`,
  );
  const value = `${names.prefix}v`;
  const setters = [...locals].map(
    ([exported, local]) => `${JSON.stringify(exported)}:(${value})=>{${local}=${value}}`,
  );
  const namespaceImports = [...sources].map(([key, variable]) => {
    const [specifier, attributes] = key.split('\0') as [string, string];
    return `import * as ${variable} from ${JSON.stringify(specifier)}${attributes};`;
  });
  // `globalThis` and `Symbol` could be names the module declares itself: a module that may
  // (its source says `globalThis`) reaches the runtime through a module whose names are all ours.
  const self = `${names.prefix}self`;
  const ownGlobal =
    /(?<![\p{ID_Continue}$\u200c\u200d])globalThis(?![\p{ID_Continue}$\u200c\u200d])/u.test(text);
  const runtimeImport = ownGlobal
    ? `import ${names.prefix}runtime from ${JSON.stringify(RUNTIME_MODULE)};`
    : '';
  const runtime = ownGlobal
    ? `${names.prefix}runtime()`
    : `globalThis[globalThis.Symbol.for(${JSON.stringify(RUNTIME_KEY)})]`;
  const epilogue =
    `\n;import * as ${self} from ${JSON.stringify(url)};${runtimeImport}${namespaceImports.join('')}` +
    (defaultRenamed ? `export { ${names.defaultLocal} as default };` : '') +
    `${runtime}?.evaluated(${JSON.stringify(url)},${self},` +
    `{${setters.join(',')}},[${reexportEntries.join(',')}],[${starEntries.join(',')}],` +
    `${defaultRenamed ? JSON.stringify(names.defaultLocal) : 'void 0'},${JSON.stringify(specifiers)});\n`;

  return {
    code: applyEdits(source, edits) + epilogue,
    reexportSources: [
      ...new Set([...reexports.map((r) => r.source), ...stars.map((s) => s.source)]),
    ],
  };
}

/**
 * `assert { type: 'json' }` after an import's specifier at `after`, which the module lexer does
 * not read (it ends the import at the specifier), as ` with { type: 'json' }`: Node 20 still runs
 * the older form, and an epilogue's import of the same module without it fails to load JSON. Node
 * 20.10+ reads `with` the same, without the deprecation warning. `''` when there is none.
 */
function assertedAttributes(source: string, after: number): string {
  const keyword = skipTrivia(source, after);
  // No line break before `assert`: one there would end the import statement.
  if (wordAt(source, keyword) !== 'assert' || hasLineBreak(source, after, keyword)) return '';
  const open = skipTrivia(source, keyword + 'assert'.length);
  if (source[open] !== '{') return '';
  const close = closingBrace(source, open);
  return close === -1 ? '' : ` with ${source.slice(open, close + 1)}`;
}

/** The `}` that closes an attributes object at `open`: its keys and values are names and strings. */
function closingBrace(source: string, open: number): number {
  for (let at = skipTrivia(source, open + 1); at < source.length; at = skipTrivia(source, at)) {
    const char = source[at];
    if (char === '}') return at;
    if (char === '"' || char === "'") {
      at = stringEnd(source, at);
      if (at === -1) return -1;
    } else at += 1;
  }
  return -1;
}

/** The position after the string literal that starts at `quote`, or -1 if it does not end. */
function stringEnd(source: string, quote: number): number {
  for (let at = quote + 1; at < source.length; at++) {
    if (source[at] === '\\') at += 1;
    else if (source[at] === source[quote]) return at + 1;
  }
  return -1;
}

/**
 * The source with its Unicode escapes decoded: an identifier can be written with them
 * (`\u0076` is `v`), and every name the module declares then appears in it as plain text.
 */
function withoutEscapes(source: string): string {
  if (!source.includes('\\u')) return source;
  return source.replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})/g, (written, long, short) => {
    const code = Number.parseInt(long ?? short, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : written;
  });
}

/** `$hl$`, or `$hl1$`, `$hl2$`, … : the first that `text` does not contain. */
function namesFor(text: string): Names {
  let prefix = '$hl$';
  for (let n = 1; text.includes(prefix); n++) prefix = `$hl${n}$`;
  // Short, so that `let ${defaultLocal} = ` fits where `export default ` was (see nameDefault).
  return { prefix, defaultLocal: `${prefix}d` };
}

/** Reads what follows `export` at `start`. */
function exportStatement(source: string, start: number): ExportStatement {
  const at = skipTrivia(source, start + 'export'.length);
  if (source[at] === '{') return { kind: 'clause' };
  const keyword = wordAt(source, at);
  if (keyword === 'const') return { kind: 'const', keyword: at };
  if (keyword === 'default') {
    return { kind: 'default', body: skipTrivia(source, at + keyword.length) };
  }
  return { kind: 'declaration' };
}

/**
 * Whether a default export has no name of its own. The lexer takes `extends` in
 * `export default class extends Base {}` for the class's name (a reserved word, which no class
 * can be named).
 */
function isAnonymousDefault(
  source: string,
  body: number,
  record: { readonly localName?: string | undefined },
): boolean {
  if (record.localName === undefined) return true;
  return (
    record.localName === 'extends' &&
    wordAt(source, body) === 'class' &&
    wordAt(source, skipTrivia(source, body + 'class'.length)) === 'extends'
  );
}

/**
 * Gives an anonymous default export a binding, keeping every column:
 * `export default function () {}` → `function $hl$d() {}` (also `async`, generators and
 * classes), and `export default <expression>` → `let $hl$d = <expression>` (with the module's
 * own prefix, see {@link Names}), padded to the length of what it replaces. Both forms end where
 * they ended before, so the statement that follows is unchanged.
 */
function nameDefault(source: string, start: number, body: number, local: string): Edit {
  const keyword = wordAt(source, body);
  let declarationEnd = -1;
  if (keyword === 'class') declarationEnd = body + keyword.length;
  else if (keyword === 'function') declarationEnd = source.indexOf('(', body);
  else if (keyword === 'async') {
    const next = skipTrivia(source, body + keyword.length);
    if (wordAt(source, next) === 'function' && !hasLineBreak(source, body, next)) {
      declarationEnd = source.indexOf('(', next);
    }
  }
  if (declarationEnd === -1) {
    return {
      start,
      end: body,
      text: sameLength(source.slice(start, body), `let ${local} = `),
    };
  }
  const head = source.slice(body, declarationEnd).trimEnd();
  return {
    start,
    end: declarationEnd,
    text: sameLength(source.slice(start, declarationEnd), `${head} ${local}`),
  };
}

/**
 * `replacement` laid over `original`: padded with spaces to the same length where it is
 * shorter, and with the original's line breaks kept, so positions after it do not move.
 */
function sameLength(original: string, replacement: string): string {
  const breaks = original.match(/\r\n|\n|\r|\u2028|\u2029/g)?.join('') ?? '';
  const room = original.length - breaks.length;
  return replacement.length <= room
    ? replacement + ' '.repeat(room - replacement.length) + breaks
    : replacement + breaks;
}

function applyEdits(source: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + source.slice(at);
}
