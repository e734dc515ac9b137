// Fetches TypeScript 5 from the npm registry into node_modules/.cache, reusing it when already
// there, and returns the path of its tsc. The project builds with TypeScript 7, which removed
// `"moduleResolution": "node10"`; many projects still compile with it (TypeScript 5's default
// for `"module": "commonjs"`), and the tests check hookline's types resolve there too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function ensureTypeScript5(root) {
  const cache = join(root, 'node_modules', '.cache', 'hookline-typescript5');
  const tsc = join(cache, 'node_modules', 'typescript', 'bin', 'tsc');
  if (existsSync(tsc)) return tsc;
  mkdirSync(cache, { recursive: true });
  console.log(`\n▶ installing typescript@5 into ${cache}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    [
      'install',
      '--prefix',
      cache,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      'typescript@5',
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0 || !existsSync(tsc)) {
    console.error(`✖ could not install typescript@5 from the npm registry`);
    process.exit(1);
  }
  return tsc;
}
