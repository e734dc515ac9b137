/**
 * Prints how the audit's cases compare with the goal (DESIGN §12: audit on ≤ 1.10× off), the
 * cases without sites apart from those with them.
 */
export function printAuditGoal(averages: ReadonlyMap<string, number>, off: string): void {
  const base = averages.get(off) ?? Number.NaN;
  const worst = (withSites: boolean) =>
    Math.max(
      ...[...averages]
        .filter(([name]) => name !== off && name.includes('site: false') !== withSites)
        .map(([, avg]) => avg / base),
    );
  console.log(
    `\nGoal (DESIGN §12): audit on ≤ 1.10× off. Worst here: ${worst(false).toFixed(2)}× without sites, ${worst(true).toFixed(2)}× with them (the default: a read of the stack a call).`,
  );
}
