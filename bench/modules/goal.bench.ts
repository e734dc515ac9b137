/**
 * The start-up goal, checked with enough rounds to decide it: on the benchmark app (both entries),
 * plain against the columns the goal names — `onImport` on a CommonJS package, on an ES module
 * package, and `auditImports` — and Node's own pass-through hooks for reference. startup.bench.ts
 * prints every variant with 12–16 rounds, where one run's interquartile range (±0.05 on a shared
 * machine) is wider than the distance to the goal. Here each variant's median paired ratio comes
 * with a 95% confidence interval (a bootstrap of the rounds' ratios), and the goal is met where the
 * whole interval lies at or below it, missed where it lies above, and undecided in between.
 *
 *   npm run bench -- goal                       this machine's Node, 60 rounds
 *   BENCH_ROUNDS=150 npm run bench -- goal      more rounds: a narrower interval
 *   BENCH_ENTRY=cjs npm run bench -- goal       one entry (cjs or esm)
 *   npm run bench -- goal --node=PATH           another Node binary
 *
 * The goals (DESIGN §12): ≤ 1.05× on Node 22.15+/24; on Node 20, ≤ 1.05× when only CommonJS
 * packages or builtins are hooked and ≤ 1.35× when an ES module is.
 */
import { spawnSync } from 'node:child_process';
import Module from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { median, shuffled } from '../helpers/rounds.js';
import { printTable } from '../helpers/table.js';
import { ensureApp } from './ensure-app.js';
import { app, entries, repo, type Variant, variantEnv, variants } from './variants.js';

const inThread = typeof (Module as { registerHooks?: unknown }).registerHooks === 'function';

/** The variants checked, by name, with the goal each has on this Node (none: for reference). */
const checked: ReadonlyMap<string, number | undefined> = new Map([
  ['plain', undefined],
  [inThread ? 'Node: pass-through registerHooks()' : 'Node: pass-through register()', undefined],
  ['hookline onImport (CJS pkg)', 1.05],
  ['hookline onImport (ESM pkg)', inThread ? 1.05 : 1.35],
  ['hookline auditImports', inThread ? 1.05 : 1.35],
]);

const chosen = variants.filter((variant) => checked.has(variant.name));
if (chosen.length !== checked.size) {
  throw new Error(`goal: variants.ts lacks one of ${[...checked.keys()].join(', ')}`);
}

/** One run's wall time, in ms. */
function runOnce(variant: Variant, entry: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...variant.args, entry], {
    cwd: repo,
    env: variantEnv(variant),
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `${variant.name} on ${entry} failed (exit ${result.status}):\n${result.stderr}`,
    );
  }
  return wall;
}

/**
 * A small seeded generator (mulberry32): the interval a set of ratios gives is the same at each
 * printing of it.
 */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 95% bootstrap interval of the median of `values`. */
function medianInterval(values: readonly number[]): readonly [number, number] {
  const random = seeded(values.length);
  const medians: number[] = [];
  for (let draw = 0; draw < 2000; draw++) {
    const sample = values.map(() => values[Math.floor(random() * values.length)] ?? Number.NaN);
    medians.push(median(sample));
  }
  medians.sort((a, b) => a - b);
  return [medians[49] ?? Number.NaN, medians[1949] ?? Number.NaN];
}

function verdict(low: number, high: number, goal: number | undefined): string {
  if (goal === undefined) return '—';
  if (high <= goal) return `met (≤ ${goal.toFixed(2)}×)`;
  if (low > goal) return `missed (> ${goal.toFixed(2)}×)`;
  return `undecided (${goal.toFixed(2)}× inside)`;
}

ensureApp(app);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 60);
const only = process.env['BENCH_ENTRY']?.toLowerCase();
const measured = entries.filter((entry) => !only || entry.name.toLowerCase().startsWith(only));
if (measured.length === 0) throw new Error(`goal: BENCH_ENTRY=${only} names no entry (cjs, esm)`);
const loadBefore = loadavg()[0] ?? 0;
for (const entry of measured) {
  const ratios = chosen.map((): number[] => []);
  const times = chosen.map((): number[] => []);
  for (const variant of chosen) runOnce(variant, entry.file); // the disk cache and hookline's caches
  for (let round = 0; round < rounds; round++) {
    const got = new Map<Variant, number>();
    for (const variant of shuffled(chosen)) got.set(variant, runOnce(variant, entry.file));
    const plain = got.get(chosen[0] as Variant) ?? Number.NaN;
    chosen.forEach((variant, v) => {
      const wall = got.get(variant) ?? Number.NaN;
      times[v]?.push(wall);
      ratios[v]?.push(wall / plain);
    });
    process.stdout.write(`\r${entry.name}: round ${round + 1}/${rounds}`);
  }
  process.stdout.write('\n');
  printTable(
    `The start-up goal, ${entry.name}, Node ${process.version}, ${rounds} shuffled rounds: median wall time, the median of the paired ratios to plain and its 95% confidence interval`,
    ['variant', 'ms', 'wall ×', '95% interval', 'goal'],
    chosen.map((variant, v) => {
      const r = ratios[v] ?? [];
      const [low, high] = medianInterval(r);
      return [
        variant.name,
        median(times[v] ?? []).toFixed(0),
        `${median(r).toFixed(3)}×`,
        variant === chosen[0] ? '—' : `${low.toFixed(3)}–${high.toFixed(3)}`,
        verdict(low, high, checked.get(variant.name)),
      ];
    }),
  );
}
console.log(
  `\n${availableParallelism()} cores; load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after.`,
);
