/**
 * Start-up cost of module hooks counted in CPU instructions rather than timed: the same variants
 * and app as startup.bench.ts, each run once under valgrind's callgrind, which counts every
 * instruction the process executes. Timed runs of a 600 ms start on a shared machine differ by
 * ±3% from one run to the next, as much as the costs being compared; a count does not. V8 runs in
 * its predictable mode (`--predictable`: compiling and garbage collection on the main thread, and
 * collections scheduled by what is allocated rather than by the clock, so a busy machine does not
 * move them) with a fixed random seed, and the same run counts the same to within 0.05% on an
 * idle machine or a loaded one (0.4% where Node 20's loader thread runs beside the program; the
 * table shows plain run twice).
 *
 *   npm run bench -- instructions                  this machine's Node
 *   npm run bench -- instructions --node=PATH      another Node binary
 *
 * What a count leaves out: time in the kernel (file reads, page faults) and how fast the
 * instructions run (cache misses). What it takes in: every thread, Node 20's module loader thread
 * too, whose work a timed run partly overlaps with the program's. So it ranks the work each variant adds; the timed benchmark
 * says what a user waits. Garbage collection is shown apart: a variant that allocates a little
 * more moves the collections, which shifts millions of instructions either way. Needs valgrind
 * (`apt-get install valgrind`); without it, this benchmark says so and does nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable } from '../helpers/table.js';
import { ensureApp } from './ensure-app.js';
import {
  app,
  type Entry,
  emptyEntries,
  entries,
  repo,
  type Variant,
  variantEnv,
  variants,
} from './variants.js';

/**
 * V8 made deterministic: no background threads, no clock in the collector's schedule, the same
 * random numbers. (`--single-threaded` alone is not enough: its collections follow the clock,
 * and the same run counted 2.5% more on a loaded machine. Neither it nor `--hash-seed` is given:
 * either makes V8 refuse the compiled code Node ships for its own modules, which every run would
 * then parse anew — 240 M instructions on the app, 7% of a plain start.)
 */
const v8Flags = ['--predictable', '--random-seed=1'];

/** What one counted run executed, in instructions. */
interface Count {
  readonly total: number;
  /** Inside V8's garbage collector: full and young collections, incremental marking steps. */
  readonly gc: number;
}

/**
 * Runs Node on `entry` with a variant's arguments: once as it is (which fills hookline's caches:
 * its code cache is per set of V8 flags), then under callgrind, whose output gives the count.
 */
async function count(variant: Variant, entry: string, outDir: string, tag: string): Promise<Count> {
  const args = [...v8Flags, ...variant.args, entry];
  const env = variantEnv(variant);
  const warm = spawnSync(process.execPath, args, { cwd: repo, env, encoding: 'utf8' });
  if (warm.status !== 0) throw new Error(`${variant.name} on ${entry} failed:\n${warm.stderr}`);
  const out = join(outDir, `${tag}.callgrind`);
  const valgrind = [
    '--tool=callgrind',
    `--callgrind-out-file=${out}`,
    // V8 writes the code it compiles into memory it then runs: valgrind must watch for it.
    '--smc-check=all-non-file',
    process.execPath,
    ...args,
  ];
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = spawn('valgrind', valgrind, {
      cwd: repo,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let text = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(text)
        : reject(new Error(`${variant.name} under callgrind: exit ${code}\n${text}`)),
    );
  });
  const total = Number(/Collected : (\d+)/.exec(stderr)?.[1] ?? Number.NaN);
  return { total, gc: garbageCollection(out) };
}

/**
 * The instructions spent inside the garbage collector, from callgrind's inclusive costs: a full
 * or young collection (`Heap::CollectGarbage`) and the incremental marking steps taken between.
 */
function garbageCollection(callgrindFile: string): number {
  const annotated = spawnSync(
    'callgrind_annotate',
    ['--inclusive=yes', '--threshold=100', callgrindFile],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (annotated.status !== 0) {
    throw new Error(
      `callgrind_annotate (valgrind's) failed on ${callgrindFile}:\n${annotated.stderr}`,
    );
  }
  let gc = 0;
  for (const line of annotated.stdout.split('\n')) {
    const cost = /^\s*([\d,]+) /.exec(line)?.[1];
    if (cost === undefined) continue;
    if (
      line.includes(
        'v8::internal::Heap::CollectGarbage(v8::internal::AllocationSpace, v8::internal::GarbageCollectionReason, v8::GCCallbackFlags) [',
      ) ||
      line.includes('v8::internal::IncrementalMarking::Step(')
    ) {
      gc += Number(cost.replaceAll(',', ''));
    }
  }
  return gc;
}

/** Runs `jobs` with at most `limit` at a time, results in the order of `jobs`. */
async function inParallel<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const at = next++;
      results[at] = await (jobs[at] as () => Promise<T>)();
      process.stdout.write('.');
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  process.stdout.write('\n');
  return results;
}

const millions = (n: number) => `${(n / 1e6).toFixed(1)} M`;
const ratio = (n: number, of: number) => `${(n / of).toFixed(3)}×`;

async function main(): Promise<void> {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.log('valgrind is not installed (apt-get install valgrind): nothing counted.');
    return;
  }
  ensureApp(app);
  const outDir = mkdtempSync(join(tmpdir(), 'hookline-instructions-'));
  try {
    const emptyCommonJs = emptyEntries.find((entry) => entry.name === 'CJS') as Entry;
    const measured: readonly Entry[] = [...entries, { ...emptyCommonJs, name: 'empty CJS' }];
    const plain = variants[0] as Variant;
    const jobs = measured.flatMap((entry, e) => [
      ...variants.map((variant, v) => () => count(variant, entry.file, outDir, `${e}-${v}`)),
      // plain once more: how far two runs of the same count apart.
      () => count(plain, entry.file, outDir, `${e}-again`),
    ]);
    const counts = await inParallel(jobs, Math.max(1, availableParallelism()));
    const per = variants.length + 1;
    const headers = ['variant'];
    for (const entry of measured) {
      headers.push(`${entry.name} instructions`, '× plain', 'outside GC × plain');
    }
    const rows = variants.map((variant, v) => [
      variant.name,
      ...measured.flatMap((_, e) => {
        const base = counts[e * per] as Count;
        const run = counts[e * per + v] as Count;
        return [
          millions(run.total),
          ratio(run.total, base.total),
          ratio(run.total - run.gc, base.total - base.gc),
        ];
      }),
    ]);
    printTable(
      `Start-up in instructions (callgrind, V8 ${v8Flags.join(' ')}), Node ${process.version}: one counted run each, and its ratio to plain, in all and outside the garbage collector`,
      headers,
      rows,
    );
    const again = measured.map((entry, e) => {
      const first = (counts[e * per] as Count).total;
      const second = (counts[e * per + per - 1] as Count).total;
      return `${entry.name} ${millions(first)} and ${millions(second)} (${((Math.abs(second - first) / first) * 100).toFixed(3)}% apart)`;
    });
    console.log(`\nplain, counted twice: ${again.join('; ')}.`);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
