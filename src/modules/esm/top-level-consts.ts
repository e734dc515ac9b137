import type * as Lexer from 'es-module-lexer';

/**
 * The word `const`, not part of a longer name (`$const`, `#const`, `a.const`). Occurrences inside
 * strings, comments, regular expressions and nested scopes, and properties written `a. const`,
 * match too: the lexer tells them apart. Made on first use, as each pattern of Unicode classes is
 * (see module-syntax.ts).
 */
let constKeyword: RegExp | undefined;
const PREFIX = 'export ';

/**
 * The module's top-level `const` declarations: each name they bind (destructuring included),
 * with the position of its `const` keyword.
 *
 * The module lexer reports exported declarations only, and only those at the top level of real
 * code (not in strings, comments, regular expressions, templates or nested scopes). So every
 * candidate `const` is given an `export ` prefix in a probe copy of the source, and what the
 * lexer reports for the probe are exactly the top-level `const` declarations — found with the
 * lexer's own handling of the grammar's hard parts (regular expression or division, template
 * nesting) rather than a second tokenizer's. `exported` holds the `const` keywords that already
 * follow an `export`, which need no probe.
 */
export function topLevelConsts(
  source: string,
  parse: typeof Lexer.parse,
  exported: ReadonlySet<number>,
): Map<string, number> {
  const keywordAt = new Map<number, number>(); // probe export start → const keyword in source
  let probe = '';
  let copied = 0;
  constKeyword ??= /(?<![\p{ID_Continue}$#.])const(?![\p{ID_Continue}$])/gu;
  for (const match of source.matchAll(constKeyword)) {
    if (exported.has(match.index)) continue;
    probe += source.slice(copied, match.index);
    keywordAt.set(probe.length, match.index);
    probe += PREFIX;
    copied = match.index;
  }
  const declarations = new Map<string, number>();
  if (keywordAt.size === 0) return declarations;
  probe += source.slice(copied);
  const [, exports] = parse(probe);
  for (const record of exports) {
    if (record.type !== 'direct') continue;
    const keyword = keywordAt.get(record.exportStart);
    if (keyword !== undefined) declarations.set(record.localName ?? record.name, keyword);
  }
  return declarations;
}
