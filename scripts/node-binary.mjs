// Fetches a Node binary of one major version from the npm registry (the
// `node-<platform>-<arch>` packages carry it) into node_modules/.cache/hookline-node<major>,
// reusing it when already there. Returns its path, or null with a clear line where the platform
// has no such package or this machine already runs that major.
import { join } from 'node:path';
import { cachedInstall } from './cached-install.mjs';

const platforms = { linux: 'linux', darwin: 'darwin', win32: 'win' };

export function ensureNode(root, major) {
  const platform = platforms[process.platform];
  const pkg = platform && `node-${platform}-${process.arch}`;
  if (!pkg) {
    console.log(
      `\n⚠ Node ${major} pass skipped: no Node ${major} package for ${process.platform}-${process.arch}`,
    );
    return null;
  }
  if (process.version.startsWith(`v${major}.`)) {
    console.log(`\n⚠ Node ${major} pass skipped: this machine already runs Node ${major}`);
    return null;
  }
  const binary = join(
    'node_modules',
    pkg,
    'bin',
    process.platform === 'win32' ? 'node.exe' : 'node',
  );
  return cachedInstall(root, `hookline-node${major}`, `${pkg}@${major}`, binary);
}
