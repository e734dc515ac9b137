/**
 * What a `require` costs under each tool, where the start-up benchmark's whole-program times are
 * too coarse to show it: a generated program of 3,000 small CommonJS modules, each requiring a
 * shared module and one of 100 others (and every 30th a builtin) — 9,100 requires, two thirds of
 * them answered by require's cache — times its own loop of requires from its first line. Each
 * variant runs in a fresh process, in shuffled rounds; the table gives the loop's median time and,
 * against the plain run of the same round, the ratio and the time added per require.
 *
 *   npm run bench -- requires                  this machine's Node
 *   npm run bench -- requires --node=PATH      another Node binary
 *   BENCH_ROUNDS=30 npm run bench -- requires  more rounds (default 20)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interquartile, median, shuffled } from '../helpers/rounds.js';
import { printTable } from '../helpers/table.js';
import { ensureApp } from './ensure-app.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const source = join(repo, 'bench', 'modules');
const hooks = join(source, 'hooks');
const app = join(source, 'app');
// Beside the benchmark app, so that the packages a hook names resolve as in a real program (on
// Node 20, a hook on a package hookline cannot find starts the loader thread, to be safe).
const program = join(app, 'requires');
const modules = 3000;
const requiresMade = modules + modules * 2 + Math.ceil(modules / 30);

/** Writes the program: index.js requires m0…m2999, each of which requires two more. */
function writeProgram(): void {
  rmSync(program, { recursive: true, force: true });
  mkdirSync(join(program, 'lib'), { recursive: true });
  writeFileSync(join(program, 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(join(program, 'shared.js'), 'module.exports = 1;\n');
  for (let i = 0; i < 100; i++) {
    writeFileSync(join(program, 'lib', `x${i}.js`), `module.exports = ${i};\n`);
  }
  for (let i = 0; i < modules; i++) {
    const builtin = i % 30 === 0 ? "require('node:path');\n" : '';
    writeFileSync(
      join(program, `m${i}.js`),
      `${builtin}const s = require('./shared.js');\nconst x = require('./lib/x${i % 100}.js');\nmodule.exports = () => s + x + ${i};\n`,
    );
  }
  writeFileSync(
    join(program, 'index.js'),
    `const start = process.hrtime.bigint();
let loaded = 0;
for (let i = 0; i < ${modules}; i++) if (typeof require('./m' + i + '.js') === 'function') loaded++;
const ms = Number(process.hrtime.bigint() - start) / 1e6;
if (loaded !== ${modules}) throw new Error('a module did not load');
console.log('LOOP ' + ms);
`,
  );
}

interface Variant {
  readonly name: string;
  readonly args: readonly string[];
  readonly preload?: string;
}

const hookline = ['--import', 'hookline/register'];
const variants: readonly Variant[] = [
  { name: 'plain', args: [] },
  // Node's own cost, for reference: with --import, Node loads the program through its ES module
  // loader.
  { name: 'Node: --import of an empty module', args: ['--import', join(hooks, 'empty.mjs')] },
  { name: 'hookline, nothing registered', args: hookline, preload: 'empty.mjs' },
  { name: 'hookline onImport (a package not loaded)', args: hookline, preload: 'onimport-cjs.mjs' },
  { name: 'hookline onImport (a pattern)', args: hookline, preload: 'onimport-pattern.mjs' },
  { name: 'hookline auditImports', args: hookline, preload: 'audit.mjs' },
  { name: 'require-in-the-middle (all)', args: ['--require', join(hooks, 'ritm.cjs')] },
];

/** One run: the program's own time for its requires, in milliseconds. */
function runOnce(variant: Variant): number {
  const result = spawnSync(process.execPath, [...variant.args, join(program, 'index.js')], {
    cwd: repo,
    env: {
      ...process.env,
      NODE_DEBUG: '',
      HOOKLINE_PRELOAD: variant.preload ? join(hooks, variant.preload) : '',
    },
    encoding: 'utf8',
  });
  const loop = /LOOP ([\d.]+)/.exec(result.stdout)?.[1];
  if (result.status !== 0 || loop === undefined) {
    throw new Error(`${variant.name} failed (exit ${result.status}):\n${result.stderr}`);
  }
  return Number(loop);
}

ensureApp(app);
writeProgram();
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 20);
const loadBefore = loadavg()[0] ?? 0;
const times = variants.map((): number[] => []);
const ratios = variants.map((): number[] => []);
const added = variants.map((): number[] => []);
for (const variant of variants) runOnce(variant); // warm the disk cache
for (let round = 0; round < rounds; round++) {
  const got = new Map<Variant, number>();
  for (const variant of shuffled(variants)) got.set(variant, runOnce(variant));
  const plain = got.get(variants[0] as Variant) ?? Number.NaN;
  variants.forEach((variant, v) => {
    const ms = got.get(variant) ?? Number.NaN;
    times[v]?.push(ms);
    ratios[v]?.push(ms / plain);
    added[v]?.push(((ms - plain) * 1000) / requiresMade);
  });
  process.stdout.write(`\rround ${round + 1}/${rounds}`);
}
process.stdout.write('\n');
rmSync(program, { recursive: true, force: true });
printTable(
  `${requiresMade.toLocaleString('en')} requires of ${modules.toLocaleString('en')} generated CommonJS modules, Node ${process.version}, ${rounds} shuffled rounds: the program's own time for them (median), and against the plain run of the same round the median ratio and time added per require (interquartile range)`,
  ['variant', 'requires ms', 'ratio', 'added per require'],
  variants.map((variant, v) => [
    variant.name,
    median(times[v] ?? []).toFixed(1),
    `${median(ratios[v] ?? []).toFixed(2)}× (${interquartile(ratios[v] ?? [])})`,
    v === 0 ? '—' : `${median(added[v] ?? []).toFixed(2)} µs (${interquartile(added[v] ?? [])})`,
  ]),
);
console.log(
  `\n${availableParallelism()} cores; load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after.`,
);
