/**
 * The candidates a mistyped `name` most likely meant: those fewest single-character edits away
 * (a swap of two neighbours is one), when that is few enough to be a slip (one edit for names of
 * up to four characters, two for longer ones), in the order given. Empty when none is that close:
 * then `name` is taken to be meant.
 *
 * @example
 * ```ts
 * nearestNames('node:fss', ['node:fs', 'node:os']); // ['node:fs']
 * nearestNames('node:utl', ['node:url', 'node:util']); // ['node:url', 'node:util']
 * ```
 */
export function nearestNames(name: string, candidates: Iterable<string>): string[] {
  let best: string[] = [];
  let bestDistance = name.length <= 4 ? 1 : 2;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > bestDistance) continue;
    const distance = editDistance(name, candidate);
    if (distance === 0 || distance > bestDistance) continue;
    if (distance < bestDistance) {
      best = [];
      bestDistance = distance;
    }
    if (!best.includes(candidate)) best.push(candidate);
  }
  return best;
}

/**
 * Edit distance counting a swap of two neighbouring characters as one edit (`form` for `from`),
 * as insertions, deletions and substitutions are: a row at a time, keeping the two before.
 */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let distance = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current[j] = distance;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The way out for a `name` that is none of `candidates`: "Did you mean …?" with the nearest ones
 * ({@link nearestNames}), else `otherwise`.
 *
 * @example
 * ```ts
 * didYouMean('fs.opn', ['fs.open', 'fs.write'], 'Name one of the events.'); // 'Did you mean "fs.open"?'
 * ```
 */
export function didYouMean(name: string, candidates: Iterable<string>, otherwise: string): string {
  const meant = nearestNames(name, candidates);
  return meant.length > 0
    ? `Did you mean ${meant.map((known) => JSON.stringify(known)).join(' or ')}?`
    : otherwise;
}
