/**
 * Start-up cost of module hooks on a real dependency tree (14 packages, ~1,600 modules, ES
 * module and CommonJS entries): each variant runs the app in a fresh Node process, in shuffled
 * rounds, and is compared with a plain run of the same round (paired ratios, median over rounds).
 * A second table runs the same variants on the hooked ES module package alone (chalk, imported
 * and required), where what hookline does to the module it changes is not lost in the noise of
 * 1,600 others; a third on an empty program, where only the fixed cost of each is left.
 *
 *   npm run bench -- startup                  this machine's Node
 *   npm run bench -- startup --node=PATH      another Node binary
 *   BENCH_ROUNDS=16 npm run bench -- startup  more rounds (default 12)
 *
 * The rows marked "Node:" are Node's own costs, for reference: `--import` of an empty module,
 * and module hooks that only call through (the off-thread `module.register` where
 * `module.registerHooks` does not exist, Node 20; the in-thread hooks elsewhere). Nothing that
 * hooks ES modules through those mechanisms can start faster than they do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { interquartile, median, shuffled } from '../helpers/rounds.js';
import { printTable } from '../helpers/table.js';
import { ensureApp } from './ensure-app.js';
import {
  app,
  type Entry,
  emptyEntries,
  entries,
  packageOnlyEntries,
  repo,
  type Variant,
  variantEnv,
  variants,
} from './variants.js';

/**
 * GNU time, when installed, also gives each run's CPU time (all threads): less noisy than wall
 * time on a machine shared with other work.
 */
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuFile = join(tmpdir(), `hookline-bench-cpu-${process.pid}`);

/** One run: wall time, and CPU time (user + system) where GNU time can tell it. */
function runOnce(variant: Variant, entry: string): { wall: number; cpu: number } {
  const command = [...variant.args, entry];
  const options = {
    cwd: repo,
    env: variantEnv(variant),
    encoding: 'utf8' as const,
  };
  const start = process.hrtime.bigint();
  const result = gnuTime
    ? spawnSync(gnuTime, ['-o', cpuFile, '-f', '%U %S', process.execPath, ...command], options)
    : spawnSync(process.execPath, command, options);
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `${variant.name} on ${entry} failed (exit ${result.status}):\n${result.stderr}`,
    );
  }
  const [user = Number.NaN, system = Number.NaN] = gnuTime
    ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number)
    : [];
  return { wall, cpu: (user + system) * 1000 };
}

/** Runs every variant on each entry in shuffled rounds and prints the table of paired ratios. */
function measure(title: string, tableEntries: readonly Entry[], rounds: number): void {
  // times[entry][variant] = wall ms per round; ratios (wall and CPU) against the same round's plain run.
  const times = tableEntries.map(() => variants.map((): number[] => []));
  const ratios = tableEntries.map(() => variants.map((): number[] => []));
  const cpuRatios = tableEntries.map(() => variants.map((): number[] => []));
  for (const entry of tableEntries) runOnce(variants[0] as Variant, entry.file); // warm the disk cache
  for (let round = 0; round < rounds; round++) {
    tableEntries.forEach((entry, e) => {
      const got = new Map<Variant, { wall: number; cpu: number }>();
      for (const variant of shuffled(variants)) got.set(variant, runOnce(variant, entry.file));
      const plain = got.get(variants[0] as Variant);
      variants.forEach((variant, v) => {
        const run = got.get(variant);
        if (!run || !plain) return;
        times[e]?.[v]?.push(run.wall);
        ratios[e]?.[v]?.push(run.wall / plain.wall);
        cpuRatios[e]?.[v]?.push(run.cpu / plain.cpu);
      });
    });
    process.stdout.write(`\rround ${round + 1}/${rounds}`);
  }
  process.stdout.write('\n');
  printTable(
    `${title}, Node ${process.version}, ${rounds} shuffled rounds: median wall time, and the median of the paired ratios to plain (interquartile range), wall and CPU`,
    ['variant', ...tableEntries.flatMap((e) => [`${e.name} ms`, `wall ×`, `CPU ×`])],
    variants.map((variant, v) => [
      variant.name,
      ...tableEntries.flatMap((_, e) => {
        const t = times[e]?.[v] ?? [];
        const r = ratios[e]?.[v] ?? [];
        const c = cpuRatios[e]?.[v] ?? [];
        return [
          median(t).toFixed(0),
          `${median(r).toFixed(2)}× (${interquartile(r)})`,
          gnuTime ? `${median(c).toFixed(2)}× (${interquartile(c)})` : 'n/a',
        ];
      }),
    ]),
  );
}

ensureApp(app);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 12);
const loadBefore = loadavg()[0] ?? 0;
measure('Start-up, 14-package app', entries, rounds);
// A run of the hooked package alone takes a tenth of the app's: four times the rounds cost less.
measure('The hooked ES module package alone (chalk)', packageOnlyEntries, rounds * 4);
measure('An empty program (what is left is the fixed cost)', emptyEntries, rounds * 4);
console.log(
  `\n${availableParallelism()} cores; load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after.`,
);
