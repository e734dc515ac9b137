import { readFileSync } from './fs.js';

interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

let cached: PackageInfo | undefined;

/** hookline's own name and version, read once from its package.json. */
export function packageInfo(): PackageInfo {
  cached ??= JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as PackageInfo;
  return cached;
}
