#!/usr/bin/env node
// Benchmarks: builds bench/ and runs each `*.bench.js` in a fresh Node process, one after the
// other, so no benchmark warms the JIT or the module cache for another. Each prints its own
// table with the peers side by side.
//
//   npm run bench                 every benchmark
//   npm run bench -- spy          only those whose path contains "spy"
//   npm run bench -- --node=PATH  run them with another Node binary
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const nodeArg = args.find((a) => a.startsWith('--node='));
const node = nodeArg ? nodeArg.slice('--node='.length) : process.execPath;
const filters = args.filter((a) => !a.startsWith('--'));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status || 1);
}

function benchFiles(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...benchFiles(path));
    else if (entry.endsWith('.bench.js')) found.push(path);
  }
  return found.sort();
}

run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
run(process.execPath, [tsc, '-p', 'tsconfig.json']);
const files = benchFiles(join(root, 'build', 'bench')).filter(
  (f) => filters.length === 0 || filters.some((needle) => relative(root, f).includes(needle)),
);
if (files.length === 0) {
  console.error('✖ no benchmark matched');
  process.exit(1);
}
const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
for (const file of files) {
  console.log(`\n▶ ${relative(join(root, 'build'), file)} on Node ${version}`);
  run(node, ['--expose-gc', file]);
}
