/** A value to show under the line: its text, starting at `column`. */
export interface DiagramMark {
  readonly column: number;
  readonly text: string;
}

/**
 * `line` with each mark's text below it, hung from a bar at its column, as power-assert draws
 * them: the rightmost mark first, on the lowest row; a mark goes on the same row as the one to
 * its right where it ends at least a space before it, or on a new row below; a mark's bar runs
 * down through every row above its own. Columns are of `line` as written (a tab counts as one).
 *
 * @example
 * renderDiagram('a.b === c', [{ column: 2, text: '1' }, { column: 4, text: 'false' }, { column: 8, text: '2' }]);
 * // ['a.b === c', '  | |   |', '  | |   2', '  1 false']
 */
export function renderDiagram(line: string, marks: readonly DiagramMark[]): string[] {
  const rightFirst = [...marks].sort((a, b) => b.column - a.column);
  const rows: string[][] = [[], []];
  let right: DiagramMark | undefined;
  for (const mark of rightFirst) {
    if (right !== undefined && right.column <= mark.column + mark.text.length) rows.push([]);
    const last = rows.length - 1;
    for (let row = 0; row < last; row++) (rows[row] as string[])[mark.column] = '|';
    const values = rows[last] as string[];
    for (let i = 0; i < mark.text.length; i++) values[mark.column + i] = mark.text[i] as string;
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
