/**
 * What adding hooks costs before the program starts: an APM agent's preload hooks some 20
 * packages, one hook each, and every start pays for those calls. Each variant runs a preload that
 * hooks 20 packages of the benchmark app by name (some CommonJS, some ES modules, typescript's
 * 9 MB entry among them) and times its own loop of calls, in a fresh process, in shuffled rounds.
 * The peers do the same with their own API: require-in-the-middle's `new Hook([name], fn)` and
 * import-in-the-middle's `new Hook([name], fn)`, one per package as agents create them.
 *
 *   npm run bench -- hook-calls                  this machine's Node
 *   npm run bench -- hook-calls --node=PATH      another Node binary
 *   BENCH_ROUNDS=30 npm run bench -- hook-calls  more rounds (default 20)
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
const app = join(repo, 'bench', 'modules', 'app');
// The preloads, where they find hookline and the peers. The program is the app's empty entry,
// run from the repository as the start-up benchmark runs it: the packages are found from there.
const folder = join(repo, 'bench', 'modules', 'hook-calls');
const packages = [
  'express',
  'ws',
  'semver',
  'debug',
  'axios',
  'uuid',
  'zod',
  'yargs',
  'rxjs',
  'chalk',
  'lodash-es',
  'date-fns',
  'typescript',
  '@babel/parser',
  'body-parser',
  'cookie',
  'qs',
  'mime',
  'ms',
  'depd',
];

/** A preload that times `call` over every package, as `import` of `header` set it up. */
function preload(header: string, call: string): string {
  return `${header}
const packages = ${JSON.stringify(packages)};
const start = performance.now();
for (const name of packages) ${call};
const ms = performance.now() - start;
process.on('exit', () => console.log('CALLS ' + ms));
`;
}

interface Variant {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** Writes the preloads; returns the variants that run them. */
function writeVariants(): Variant[] {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const file = (name: string, text: string): string => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  const hookline = file(
    'hookline.mjs',
    preload("import { onImport } from 'hookline/modules';", 'onImport(name, (exports) => exports)'),
  );
  const ritm = file(
    'ritm.cjs',
    preload(
      "const { Hook } = require('require-in-the-middle');",
      'new Hook([name], (exports) => exports)',
    ),
  );
  const iitm = file(
    'iitm.mjs',
    preload(
      "import { Hook } from 'import-in-the-middle';",
      'new Hook([name], (exports) => exports)',
    ),
  );
  return [
    {
      name: 'hookline onImport, preloaded',
      args: ['--import', 'hookline/register'],
      env: { HOOKLINE_PRELOAD: hookline },
    },
    { name: 'require-in-the-middle Hook', args: ['--require', ritm] },
    { name: 'import-in-the-middle Hook', args: ['--import', iitm] },
  ];
}

/** One run: the preload's own time for its 20 calls, in milliseconds. */
function runOnce(variant: Variant): number {
  const result = spawnSync(process.execPath, [...variant.args, join(app, 'empty.cjs')], {
    cwd: repo,
    env: { ...process.env, NODE_DEBUG: '', HOOKLINE_PRELOAD: '', ...variant.env },
    encoding: 'utf8',
  });
  const calls = /CALLS ([\d.]+)/.exec(result.stdout)?.[1];
  if (result.status !== 0 || calls === undefined) {
    throw new Error(`${variant.name} failed (exit ${result.status}):\n${result.stderr}`);
  }
  return Number(calls);
}

ensureApp(app);
const variants = writeVariants();
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 20);
const loadBefore = loadavg()[0] ?? 0;
const times = variants.map((): number[] => []);
for (const variant of variants) runOnce(variant); // warm the disk cache and hookline's caches
for (let round = 0; round < rounds; round++) {
  for (const variant of shuffled(variants))
    times[variants.indexOf(variant)]?.push(runOnce(variant));
  process.stdout.write(`\rround ${round + 1}/${rounds}`);
}
process.stdout.write('\n');
rmSync(folder, { recursive: true, force: true });
printTable(
  `One hook on each of ${packages.length} packages, added by a preload before the program starts, Node ${process.version}, ${rounds} shuffled rounds: the preload's own time for the ${packages.length} calls (median, interquartile range) and per call`,
  ['variant', `${packages.length} calls ms`, 'per call'],
  variants.map((variant, v) => [
    variant.name,
    `${median(times[v] ?? []).toFixed(2)} (${interquartile(times[v] ?? [])})`,
    `${((median(times[v] ?? []) * 1000) / packages.length).toFixed(0)} µs`,
  ]),
);
console.log(
  `\n${availableParallelism()} cores; load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after.`,
);
