// Installs a package from the npm registry into a folder of node_modules/.cache, once: what the
// tests need beside the project's own dependencies (a Node 24 binary, TypeScript 5), which npm
// install cannot bring (one is per platform, the other would clash with TypeScript 7's `tsc`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Returns `file` (a path inside the cache folder `name`) once `spec` is installed there, installing
 * it first where `file` is missing; exits the process with a clear line where npm cannot.
 */
export function cachedInstall(root, name, spec, file) {
  const cache = join(root, 'node_modules', '.cache', name);
  const installed = join(cache, file);
  if (existsSync(installed)) return installed;
  mkdirSync(cache, { recursive: true });
  console.log(`\n▶ installing ${spec} into ${cache}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--prefix', cache, '--no-save', '--no-audit', '--no-fund'];
  const result = spawnSync(npm, [...args, '--loglevel=error', spec], { stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(installed)) {
    console.error(`✖ could not install ${spec} from the npm registry`);
    process.exit(1);
  }
  return installed;
}
