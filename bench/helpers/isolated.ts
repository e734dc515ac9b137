import { spawnSync } from 'node:child_process';
import { bench, run } from 'mitata';
import { formatNs, printTable } from './table.js';

const caseFlag = '--bench-case=';

/** Options of `compareIsolated()`. */
export interface IsolatedOptions {
  /** The case the others are compared with. */
  readonly baseline: string;
  /** How many calls one run of a case makes; times are divided by it. Default 1. */
  readonly callsPerRun?: number;
  /** How many times each case is measured, rounds interleaved; the median is shown. Default 3. */
  readonly rounds?: number;
}

/**
 * Measures each case in a fresh Node process of its own, in interleaved rounds, and prints one
 * table from the medians. Cases in one process share call-site feedback and heap state, which
 * skews whichever runs later; one process a case is slower to run but fair.
 *
 * `cases` maps a name to a factory that sets the case up and returns the function to measure;
 * only the factory of the case being measured runs in each process. Call it at the top level of
 * a `*.bench.ts` file: in the parent it spawns the children and returns the averages (ns a call);
 * in a child it measures and prints one JSON line.
 */
export async function compareIsolated(
  title: string,
  cases: Readonly<Record<string, () => () => unknown>>,
  options: IsolatedOptions,
): Promise<Map<string, number>> {
  const perRun = options.callsPerRun ?? 1;
  const chosen = process.argv.find((a) => a.startsWith(caseFlag))?.slice(caseFlag.length);
  if (chosen !== undefined) {
    const make = cases[chosen];
    if (!make) throw new Error(`no benchmark case ${chosen}`);
    bench(chosen, make());
    const { benchmarks } = await run({ format: 'quiet', throw: true });
    const stats = benchmarks[0]?.runs[0]?.stats;
    process.stdout.write(`${JSON.stringify({ avg: stats?.avg, p75: stats?.p75 })}\n`);
    process.exit(0);
  }
  const names = Object.keys(cases);
  if (!names.includes(options.baseline)) throw new Error(`${options.baseline} is not a case`);
  const samples = new Map<string, { avg: number; p75: number }[]>(names.map((n) => [n, []]));
  for (let round = 0; round < (options.rounds ?? 3); round++) {
    for (const name of names) {
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, process.argv[1] as string, `${caseFlag}${name}`],
        { encoding: 'utf8' },
      );
      if (child.status !== 0) throw new Error(`case ${name} failed:\n${child.stderr}`);
      const lastLine = child.stdout.trim().split('\n').at(-1) ?? '{}';
      samples.get(name)?.push(JSON.parse(lastLine) as { avg: number; p75: number });
    }
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return (sorted[Math.floor(sorted.length / 2)] ?? Number.NaN) / perRun;
  };
  const averages = new Map(names.map((n) => [n, median((samples.get(n) ?? []).map((s) => s.avg))]));
  const base = averages.get(options.baseline) ?? Number.NaN;
  printTable(
    title,
    ['case', 'avg a call', 'p75', `× ${options.baseline}`],
    names.map((name) => {
      const avg = averages.get(name) ?? Number.NaN;
      const p75 = median((samples.get(name) ?? []).map((s) => s.p75));
      return [name, formatNs(avg), formatNs(p75), `${(avg / base).toFixed(2)}×`];
    }),
  );
  return averages;
}
