import { audit, systemWrites } from 'hookline/audit';

const fsEvents = ['fs.open', 'fs.write', 'fs.unlink', 'fs.rm', 'fs.rename'] as const;

/**
 * The cases the audit's benchmarks compare on one workload: no audit, a listener of the fs events
 * and a policy of the systemWrites rule set (a RegExp tested on each path), each with sites and
 * without. `workload` sets the unit of work up and returns it.
 */
export function auditCases<T>(workload: () => () => T): Record<string, () => () => T> {
  const counting = (options?: { site: boolean }) => () => {
    let count = 0;
    for (const name of fsEvents) audit.on(name, () => count++, options);
    return workload();
  };
  const policy = (site?: boolean) => () => {
    audit.policy({ rules: systemWrites, ...(site === undefined ? {} : { site }) });
    return workload();
  };
  return {
    'audit off': workload,
    'audit.on(fs events), a listener that counts': counting(),
    'audit.on(fs events, { site: false })': counting({ site: false }),
    'audit.policy(systemWrites)': policy(),
    'audit.policy(systemWrites, site: false)': policy(false),
  };
}

/**
 * Prints how the cases compare with the goal (DESIGN §12: audit on ≤ 1.10× off), those without
 * sites apart from those with them.
 */
export function printAuditGoal(averages: ReadonlyMap<string, number>): void {
  const base = averages.get('audit off') ?? Number.NaN;
  const worst = (withSites: boolean) =>
    Math.max(
      ...[...averages]
        .filter(([name]) => name !== 'audit off' && name.includes('site: false') !== withSites)
        .map(([, avg]) => avg / base),
    );
  console.log(
    `\nGoal (DESIGN §12): audit on ≤ 1.10× off. Worst here: ${worst(false).toFixed(2)}× without sites, ${worst(true).toFixed(2)}× with them (the default: a read of the stack a call).`,
  );
}
