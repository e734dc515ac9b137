// Fetches a Node 24 binary from the npm registry (the `node-<platform>-<arch>` packages carry
// it) into node_modules/.cache, reusing it when already there. Returns its path, or null with
// a clear line where the platform has no such package.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const platforms = { linux: 'linux', darwin: 'darwin', win32: 'win' };

export function ensureNode24(root) {
  const platform = platforms[process.platform];
  const pkg = platform && `node-${platform}-${process.arch}`;
  if (!pkg) {
    console.log(
      `\n⚠ second pass skipped: no Node 24 package for ${process.platform}-${process.arch}`,
    );
    return null;
  }
  if (process.version.startsWith('v24.')) {
    console.log('\n⚠ second pass skipped: this machine already runs Node 24');
    return null;
  }
  const cache = join(root, 'node_modules', '.cache', 'hookline-node24');
  const binary =
    process.platform === 'win32'
      ? join(cache, 'node_modules', pkg, 'bin', 'node.exe')
      : join(cache, 'node_modules', pkg, 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(cache, { recursive: true });
  console.log(`\n▶ installing ${pkg}@24 into ${cache}`);
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
      `${pkg}@24`,
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0 || !existsSync(binary)) {
    console.error(`✖ could not install ${pkg}@24 from the npm registry`);
    process.exit(1);
  }
  return binary;
}
