// Taken with process.getBuiltinModule, not imported: see esm/instrument-cache.ts for why.
const { readFileSync } = process.getBuiltinModule('node:fs');

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
