import { dirname, join } from 'node:path';
import { readFileSync } from './fs.js';

/** The package a file belongs to, read from its nearest package.json. */
export interface PackageOfFile {
  /** The folder holding the package.json. */
  readonly dir: string;
  /** The `name` field, or `undefined` for a package.json without one. */
  readonly name: string | undefined;
  /** The `version` field. */
  readonly version: string | undefined;
  /** The `type` field: `module` makes its `.js` files ES modules. */
  readonly type: string | undefined;
}

interface Manifest {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly type?: unknown;
}

const byDir = new Map<string, PackageOfFile | null>();

/**
 * The package `filename` belongs to: the nearest folder above it with a package.json. Each
 * folder is looked at once per process, and each package.json is read once, only when first
 * asked for (start-up pays nothing for files no hook cares about).
 */
export function packageOf(filename: string): PackageOfFile | undefined {
  return lookup(dirname(filename)) ?? undefined;
}

function lookup(dir: string): PackageOfFile | null {
  const known = byDir.get(dir);
  if (known !== undefined) return known;
  let found: PackageOfFile | null;
  const manifest = readManifest(join(dir, 'package.json'));
  if (manifest) found = makePackage(dir, manifest);
  else {
    const parent = dirname(dir);
    found = parent === dir ? null : lookup(parent);
  }
  byDir.set(dir, found);
  return found;
}

function readManifest(path: string): Manifest | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // No package.json in this folder (the usual case): keep walking up.
    return undefined;
  }
  try {
    return JSON.parse(text) as Manifest;
  } catch {
    // Node itself refuses to load from a package with a broken package.json, and says why;
    // here it only means the file tells us no name or version.
    return {};
  }
}

function makePackage(dir: string, manifest: Manifest): PackageOfFile {
  return {
    dir,
    name: typeof manifest.name === 'string' ? manifest.name : undefined,
    version: typeof manifest.version === 'string' ? manifest.version : undefined,
    type: typeof manifest.type === 'string' ? manifest.type : undefined,
  };
}
