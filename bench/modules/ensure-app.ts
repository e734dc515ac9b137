import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Installs the benchmark app's dependency tree (bench/modules/app/package.json) into its own
 * git-ignored node_modules on first use, so that installing hookline itself stays lean.
 */
export function ensureApp(appDir: string): void {
  if (existsSync(join(appDir, 'node_modules', 'express', 'package.json'))) return;
  console.log(`installing the benchmark app's dependencies into ${join(appDir, 'node_modules')}…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'],
    { cwd: appDir, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error('npm install of the benchmark app failed');
}
