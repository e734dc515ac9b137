// Fetches TypeScript 5 from the npm registry into node_modules/.cache, reusing it when already
// there, and returns the path of its tsc. The project builds with TypeScript 7, which removed
// `"moduleResolution": "node10"`; many projects still compile with it (TypeScript 5's default
// for `"module": "commonjs"`), and the tests check hookline's types resolve there too.
import { join } from 'node:path';
import { cachedInstall } from './cached-install.mjs';

export function ensureTypeScript5(root) {
  return cachedInstall(
    root,
    'hookline-typescript5',
    'typescript@5',
    join('node_modules', 'typescript', 'bin', 'tsc'),
  );
}
