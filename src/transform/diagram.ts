import { lazyRequire } from '../internal/lazy-require.js';

// Loaded when a diagram is first drawn: its grapheme segmenter and Unicode property patterns cost
// some 20 ms, which every program that imports hookline would otherwise pay.
const stringWidth = lazyRequire<typeof import('string-width')>('string-width');

/** A value to show under the line: its text, starting at `column`. */
export interface DiagramMark {
  readonly column: number;
  readonly text: string;
}

/**
 * `line` with each mark's text below it, hung from a bar at its column, as power-assert draws
 * them: the rightmost mark first, on the lowest row; a mark goes on the same row as the one to
 * its right where it ends at least a space before it, or on a new row below; a mark's bar runs
 * down through every row above its own. Marks at one column are stacked under one bar, in the
 * order given. A mark's `column` counts UTF-16 code units of `line`;
 * the drawing counts the columns a terminal shows, so a wide character (CJK, an emoji) before
 * a mark, or in a value, takes two (a tab counts as one).
 *
 * @example
 * renderDiagram('a.b === c', [{ column: 2, text: '1' }, { column: 4, text: 'false' }, { column: 8, text: '2' }]);
 * // ['a.b === c', '  | |   |', '  | |   2', '  1 false']
 */
export function renderDiagram(line: string, marks: readonly DiagramMark[]): string[] {
  const placed = marks
    .map((mark) => ({
      at: shownWidth(line.slice(0, mark.column)),
      text: mark.text,
      width: shownWidth(mark.text),
    }))
    .sort((a, b) => b.at - a.at);
  // A cell per shown column: the text a mark starts there, '' where that text goes on.
  const rows: string[][] = [[], []];
  let right: (typeof placed)[number] | undefined;
  for (const mark of placed) {
    // Two values at one column (`fn` and `fn?.()`, both at `fn`): the second goes right under
    // the first, whose bar it shares; a bar of its own would run through the first's text.
    const under = right !== undefined && right.at === mark.at;
    if (right !== undefined && right.at <= mark.at + mark.width) rows.push([]);
    const last = rows.length - 1;
    if (!under) for (let row = 0; row < last; row++) (rows[row] as string[])[mark.at] = '|';
    const values = rows[last] as string[];
    if (mark.width > 0) values[mark.at] = mark.text;
    for (let i = 1; i < mark.width; i++) values[mark.at + i] = '';
    right = mark;
  }
  return [
    line,
    ...rows.map((row) =>
      Array.from(row, (c) => c ?? ' ')
        .join('')
        .trimEnd(),
    ),
  ];
}

/** The columns `text` takes in a terminal, a tab as one (as the source line's columns count it). */
function shownWidth(text: string): number {
  return stringWidth().default(text.replaceAll('\t', ' '));
}
