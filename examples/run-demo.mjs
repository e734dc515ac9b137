#!/usr/bin/env node
// `npm run demo`: builds the library (dist/) and compiles the examples, then runs the demo, a
// short tour of what hookline does. `npm install` builds nothing: a `prepare` script would be an
// install script that npm asks every user of the published package to review, though it never
// runs there; the package is built as it is packed (`prepack`).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

for (const [command, args] of [
  [process.execPath, [join(root, 'scripts', 'build.mjs')]],
  [process.execPath, [tsc, '-p', 'tsconfig.json']],
  [process.execPath, [join(root, 'build', 'examples', 'demo.js')]],
]) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status || 1);
}
