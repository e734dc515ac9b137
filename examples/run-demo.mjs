#!/usr/bin/env node
// `npm run demo`: compiles the examples (the library itself was built by `npm install`) and
// runs the demo, a short tour of what hookline does.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

for (const [command, args] of [
  [process.execPath, [tsc, '-p', 'tsconfig.build.json']],
  [process.execPath, [tsc, '-p', 'tsconfig.json']],
  [process.execPath, [join(root, 'build', 'examples', 'demo.js')]],
]) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status || 1);
}
