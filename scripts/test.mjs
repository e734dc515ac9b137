#!/usr/bin/env node
// The whole test suite: build, lint, type tests, then node:test on this machine's Node and
// again on Node 24 and Node 26 (fetched from the npm registry into a cache folder).
//
//   npm test                 everything
//   npm test -- --quick      skip lint, type tests and the Node 24 and 26 passes (for local iteration)
//   npm test -- patch        only test files whose path contains "patch"
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode } from './node-binary.mjs';
import { ensureTmux } from './tmux.mjs';
import { ensureTypeScript5 } from './typescript5.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a) => !a.startsWith('--'));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const biome = join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');

function step(title, command, commandArgs, options = {}) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (entry.endsWith('.test.js')) found.push(path);
  }
  return found.sort();
}

step('build (src → dist)', process.execPath, [join(root, 'scripts', 'build.mjs')]);
step('build (test, examples, bench → build)', process.execPath, [tsc, '-p', 'tsconfig.json']);
if (!quick) {
  step('type tests (test/types)', process.execPath, [tsc, '-p', 'test/types/tsconfig.json']);
  step('lint and format (biome)', process.execPath, [biome, 'check', '.']);
  step('documentation links', process.execPath, [join(root, 'scripts', 'check-doc-links.mjs')]);
}

const files = testFiles(join(root, 'build', 'test')).filter(
  (f) => filters.length === 0 || filters.some((needle) => relative(root, f).includes(needle)),
);
if (files.length === 0) {
  console.error('✖ no test files matched');
  process.exit(1);
}
ensureTmux();
// The type tests of a user's project compile with TypeScript 5 too, for its node10 resolution
// (skipped, and said so, by --quick).
const typescript5 = quick ? undefined : ensureTypeScript5(root);
const concurrency = String(Math.max(2, availableParallelism() * 2));
// The programs the tests run keep hookline's caches in a folder of this run's own, removed at the
// end: the suite runs many copies of the package and sets of flags, which would otherwise fill
// the user's cache folder (os.tmpdir()/hookline-cache-<uid>) with entries no later run uses.
const cacheFolder = mkdtempSync(join(tmpdir(), 'hookline-test-cache-'));
process.on('exit', () => rmSync(cacheFolder, { recursive: true, force: true }));
const runTests = (node, label) =>
  step(
    `tests on ${label}`,
    node,
    ['--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files],
    {
      env: {
        ...process.env,
        HOOKLINE_TEST_NODE: node,
        ...(typescript5 ? { HOOKLINE_TEST_TSC5: typescript5 } : {}),
        HOOKLINE_CACHE: cacheFolder,
      },
    },
  );

runTests(process.execPath, `Node ${process.version} (this machine)`);
// The LTS lines besides this machine's: 24, and 26 (whose V8 and REPL differ in ways the tests
// hold hookline to).
for (const major of quick ? [] : [24, 26]) {
  const node = ensureNode(root, major);
  if (node) {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    runTests(node, `Node ${version} (from the npm registry)`);
  }
}
console.log('\n✔ all test passes succeeded');
