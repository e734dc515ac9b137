import { lexer } from './lexer.js';

/**
 * `import`/`export` where a statement may start (not a property, not part of a name) and followed
 * by what only an import or export declaration has, or `import.meta`. It errs towards yes (a
 * comment or a string can match), never towards no on the forms programs and bundlers write.
 * Made on first use: making a pattern of Unicode classes costs half a millisecond, which every
 * start-up would pay.
 */
let hint: RegExp | undefined;

function hintPattern(): RegExp {
  hint ??=
    /(?<![\p{ID_Continue}$.])(?:export\s*(?:[{*]|\/[*/]|(?:default|const|let|var|function|class|async)(?![\p{ID_Continue}$]))|import\s*(?:[{*'"]|\/[*/]|\.\s*meta(?![\p{ID_Continue}$]))|import\s+[\p{ID_Start}$_][\p{ID_Continue}$]*\s*(?:,|from(?![\p{ID_Continue}$])))/u;
  return hint;
}

/**
 * Whether a source's text suggests ES module syntax, told without the lexer: cheap enough for a
 * file read at registration, and the filter before {@link hasModuleSyntax} parses.
 */
export function mayHaveModuleSyntax(source: string): boolean {
  // The words first: most CommonJS files have neither (`exports` does not count), and the
  // pattern's Unicode classes cost half a millisecond to make and a compilation the first time
  // it runs.
  return (source.includes('import') || mentionsExport(source)) && hintPattern().test(source);
}

/**
 * Whether `export` occurs other than as the start of a longer ASCII name (`exports`,
 * `exported`): a CommonJS file says `module.exports`, an ES module `export`.
 */
function mentionsExport(source: string): boolean {
  for (let at = source.indexOf('export'); at !== -1; at = source.indexOf('export', at + 6)) {
    if (!isAsciiNamePart(source.charCodeAt(at + 6))) return true;
  }
  return false;
}

/** A letter, digit, `_` or `$` of ASCII. */
function isAsciiNamePart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 36 // $
  );
}

/**
 * Whether Node runs a source whose format it was not told (a `.js` file whose package.json has no
 * `"type"`) as an ES module: Node 20.19+ and 22.7+ do when it has `import` or `export`
 * declarations or `import.meta`. A module whose only ES module syntax is a top-level `await` is
 * not recognised. A source the lexer cannot read is left to Node, which reports its errors.
 */
export function hasModuleSyntax(source: string): boolean {
  if (!mayHaveModuleSyntax(source)) return false;
  try {
    return lexer().parse(lexable(source))[3];
  } catch {
    // Not valid JavaScript: whatever Node makes of it, hookline leaves it as it is.
    return false;
  }
}

/**
 * The source as the module lexer must be given it: a byte-order mark at the start (which the
 * language counts as white space, and which a file's UTF-8 bytes keep when read as text) made a
 * space, which the lexer knows. Same length, so the positions it reports are the source's.
 */
export function lexable(source: string): string {
  return source.charCodeAt(0) === 0xfeff ? ` ${source.slice(1)}` : source;
}
