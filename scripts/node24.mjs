// Fetches a Node 24 binary from the npm registry (the `node-<platform>-<arch>` packages carry
// it) into node_modules/.cache, reusing it when already there. Returns its path, or null with
// a clear line where the platform has no such package.
import { join } from 'node:path';
import { cachedInstall } from './cached-install.mjs';

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
  const binary = join(
    'node_modules',
    pkg,
    'bin',
    process.platform === 'win32' ? 'node.exe' : 'node',
  );
  return cachedInstall(root, 'hookline-node24', `${pkg}@24`, binary);
}
