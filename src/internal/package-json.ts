import { dirname, join, sep } from 'node:path';
import { readTextIfPresent } from './fs.js';

/** A package.json and the folder that holds it. */
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
 * The nearest package.json above `filename`: the one whose `type` decides whether its `.js` files
 * are ES modules. It may be a nested one with only a `type` (`dist/cjs/package.json`), so the
 * package's name and version come from {@link namedPackageOf}. Each folder is looked at once per
 * process, and each package.json is read once, only when first asked for (start-up pays nothing
 * for files no hook cares about).
 */
export function packageOf(filename: string): PackageOfFile | undefined {
  return lookup(dirname(filename)) ?? undefined;
}

const nodeModules = `${sep}node_modules${sep}`;

/**
 * The package folder a path lies in below its last `node_modules` (`…/node_modules/@s/p`), and
 * the name it is installed under (`@s/p`), told from the text alone — Node resolves names to that
 * folder. `undefined` outside node_modules. Reads nothing, as it runs for every module loaded; with
 * `separator` `/` it reads `file:` URLs too.
 */
export function nodeModulesPackage(
  path: string,
  separator: string = sep,
): { readonly dir: string; readonly name: string } | undefined {
  const marker = separator === sep ? nodeModules : `${separator}node_modules${separator}`;
  const at = path.lastIndexOf(marker);
  if (at === -1) return undefined;
  const start = at + marker.length;
  let end = path.indexOf(separator, start);
  if (path[start] === '@' && end !== -1) end = path.indexOf(separator, end + 1);
  if (end === -1) return undefined;
  const name = path.slice(start, end);
  return {
    dir: path.slice(0, end),
    name: separator === '/' ? name : name.split(separator).join('/'),
  };
}

/**
 * Whether the package a path lies in below its last `node_modules` is installed under one of
 * `names` (as {@link nodeModulesPackage} would name it), told without making a string: the test
 * every module loaded pays while a hook names packages, most of them for a "no". `undefined`
 * outside node_modules.
 */
export function inNamedPackage(
  path: string,
  names: readonly string[],
  separator: string = sep,
): boolean | undefined {
  const marker = separator === sep ? nodeModules : `${separator}node_modules${separator}`;
  const at = path.lastIndexOf(marker);
  if (at === -1) return undefined;
  const start = at + marker.length;
  // Many names (an APM agent hooks dozens of packages): the name read once and looked up.
  if (names.length > namesComparedOneByOne) {
    return nameSetOf(names).has(packageNameAt(path, start, separator));
  }
  // Indexed, with startsWith: while a program starts, this runs before the JIT has optimized it,
  // where an iterator and a loop over characters cost more than the rest of the test.
  for (let i = 0; i < names.length; i++) {
    if (isNamedAt(path, start, names[i] as string, separator)) return true;
  }
  return false;
}

/**
 * Up to this many names, each is compared with the path where it would stand, making no string;
 * above, the name is cut from the path and looked up in a set, which costs the same for any number.
 */
const namesComparedOneByOne = 6;

/** A set of each list of names, made once: a new list is made whenever the names change. */
const nameSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function nameSetOf(names: readonly string[]): ReadonlySet<string> {
  let set = nameSets.get(names);
  if (set === undefined) {
    set = new Set(names);
    nameSets.set(names, set);
  }
  return set;
}

/**
 * The name of the package folder at `start` (`p`, or `@s/p` written with `/` whatever the
 * separator); empty where no folder follows (a file right inside node_modules).
 */
function packageNameAt(path: string, start: number, separator: string): string {
  const end = path.indexOf(separator, start);
  if (end === -1) return '';
  if (path[start] !== '@') return path.slice(start, end);
  const scopedEnd = path.indexOf(separator, end + 1);
  if (scopedEnd === -1) return '';
  return `${path.slice(start, end)}/${path.slice(end + 1, scopedEnd)}`;
}

/** Whether `path` holds the folder `name` (`@s/p` in either separator) at `start`. */
function isNamedAt(path: string, start: number, name: string, separator: string): boolean {
  const end = start + name.length;
  if (path.length <= end || path[end] !== separator) return false;
  const slash = separator === '/' ? -1 : name.indexOf('/');
  if (slash === -1) return path.startsWith(name, start);
  return (
    path.startsWith(name.slice(0, slash), start) &&
    path[start + slash] === separator &&
    path.startsWith(name.slice(slash + 1), start + slash + 1)
  );
}

/**
 * The package `filename` is part of, the one that gives it its name and version: inside
 * node_modules the folder its path names (see {@link nodeModulesPackage}); elsewhere (a linked
 * workspace package, the program itself) the nearest package.json with a name. Nested
 * package.json files that only set a `type` (dual packages, tshy) do not count.
 */
export function namedPackageOf(filename: string): PackageOfFile | undefined {
  const installed = nodeModulesPackage(filename);
  if (installed) {
    const pkg = lookup(installed.dir);
    return pkg?.dir === installed.dir ? pkg : undefined;
  }
  let pkg = packageOf(filename);
  while (pkg && pkg.name === undefined) pkg = packageOf(pkg.dir);
  return pkg;
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
  const text = readTextIfPresent(path);
  // No package.json in this folder (the usual case): keep walking up.
  if (text === undefined) return undefined;
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
