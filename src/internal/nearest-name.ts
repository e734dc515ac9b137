/**
 * The candidate a mistyped `name` most likely meant: the one fewest single-character edits away,
 * when that is few enough to be a slip (one edit for names of up to four characters, two for
 * longer ones). `undefined` when no candidate is that close: then `name` is taken to be meant.
 *
 * @example
 * ```ts
 * nearestName('node:fss', ['node:fs', 'node:os']); // 'node:fs'
 * ```
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const allowed = name.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const distance = editDistance(name, candidate);
    if (distance > 0 && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
