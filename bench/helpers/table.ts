import { bench, run } from 'mitata';

/** One row of a printed table: cells in the order of the headers. */
export type Row = readonly string[];

/** Prints a Markdown table, so a run's output can be pasted into the README as it is. */
export function printTable(title: string, headers: readonly string[], rows: readonly Row[]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: Row) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(headers));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

/** Formats nanoseconds for a table cell: `12.3 ns`, `4.56 µs`. */
export function formatNs(ns: number): string {
  if (ns < 1_000) return `${ns.toFixed(1)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)} µs`;
  return `${(ns / 1_000_000).toFixed(2)} ms`;
}

/** Options of `compare()`. */
export interface CompareOptions {
  /** The case the others are compared with. */
  readonly baseline: string;
  /** How many calls one run of a case makes; times are divided by it. Default 1. */
  readonly callsPerRun?: number;
}

/**
 * Measures each case with mitata (warm-up, many samples, dead-code protection is the case's
 * own job) and prints one table: average and p75 time a call, and the ratio to the baseline
 * case, all from the same run. Returns the average nanoseconds a call of each case.
 */
export async function compare(
  title: string,
  cases: Readonly<Record<string, () => unknown>>,
  options: CompareOptions,
): Promise<Map<string, number>> {
  const perRun = options.callsPerRun ?? 1;
  if (!(options.baseline in cases)) throw new Error(`baseline ${options.baseline} is not a case`);
  for (const [name, fn] of Object.entries(cases)) bench(name, fn);
  const { benchmarks } = await run({ format: 'quiet', throw: true });
  const averages = new Map<string, number>();
  const p75s = new Map<string, number>();
  for (const trial of benchmarks) {
    for (const result of trial.runs) {
      if (result.stats) {
        averages.set(result.name, result.stats.avg / perRun);
        p75s.set(result.name, result.stats.p75 / perRun);
      }
    }
  }
  const base = averages.get(options.baseline) ?? Number.NaN;
  printTable(
    title,
    ['case', 'avg a call', 'p75', `× ${options.baseline}`],
    Object.keys(cases).map((name) => {
      const avg = averages.get(name) ?? Number.NaN;
      return [
        name,
        formatNs(avg),
        formatNs(p75s.get(name) ?? Number.NaN),
        `${(avg / base).toFixed(2)}×`,
      ];
    }),
  );
  return averages;
}
