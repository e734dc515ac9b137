import { posix, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTextIfPresent, statSync } from '../internal/fs.js';
import { inNamedPackage, namedPackageOf, nodeModulesPackage } from '../internal/package-json.js';

/**
 * Which names an ES module file answers to, found from its path alone: `chalk` for the file an
 * `import 'chalk'` resolves to, `pkg/sub` for a subpath. This lets the in-thread load hook select
 * the modules `onImport('chalk')` names without a resolve hook watching every import (which costs
 * start-up time on every module of the program).
 */

interface Manifest {
  readonly name?: unknown;
  readonly main?: unknown;
  readonly exports?: unknown;
}

/** A package's folder and the name it is imported by. */
export interface PackageRoot {
  readonly dir: string;
  readonly name: string;
}

const manifests = new Map<string, Manifest | null>();

/**
 * The names hooks give the module at `url` by its place in its package (`chalk`, `pkg/sub` for
 * the file an `exports` subpath maps to), however it was reached — by that name, or by the
 * package's own relative import: those of its names that `hooked` accepts, among the packages
 * hooks name. Found from the path and the package's `exports`, with no resolution; a module of a
 * package no hook names costs a test of its URL.
 */
export function hookedNamesByPlace(
  url: string,
  packages: readonly string[],
  hooked: (name: string) => boolean,
): string[] {
  if (packages.length === 0 || !url.startsWith('file:')) return [];
  if (inNamedPackage(url, packages, '/') === false) return [];
  const names = importNamesOf(fileURLToPath(url), (name) => packages.includes(name));
  return names.filter(hooked);
}

/**
 * The names `path` is imported by: `name` when it is the package's entry for some set of
 * conditions, `name/sub` for each subpath that maps to it (its `exports`, patterns included; or,
 * without `exports`, the file's own path with and without extension). `wanted` is asked first
 * with the package name, so files of packages no hook names cost a few string operations.
 */
export function importNamesOf(path: string, wanted: (packageName: string) => boolean): string[] {
  const root = packageRootOf(path, wanted);
  return root ? namesInPackage(root, path) : [];
}

/**
 * The names `path` answers to in the package `root` (as {@link importNamesOf}), and also its own
 * path in the package with and without extension (`pkg/lib/x.js`, `pkg/lib/x`) where `exports`
 * hides it, since the package's own files reach it by a relative `require` or `import`
 * (require-in-the-middle's "internals"; an agent hooks `pg/lib/client.js` CommonJS or ES module
 * alike).
 */
export function namesInPackage(root: PackageRoot, path: string): string[] {
  const inside = insideOf(root, path);
  const manifest = manifestOf(root.dir);
  const names = manifest
    ? subpathsOf(manifest, inside, root.dir).map((subpath) => nameOf(root, subpath))
    : [];
  if (manifest && isHiddenInternal(manifest.exports, inside)) {
    const bare = inside.replace(/\.[cm]?js$/, '');
    names.push(`${root.name}/${inside}`);
    if (bare !== inside) names.push(`${root.name}/${bare}`);
  }
  return names;
}

/**
 * Whether `exports` hides the file `inside` without closing it: a file it does not name at all is
 * an internal one (`pg/lib/client.js`), while one whose subpath it maps to `null` is closed on
 * purpose, and names nothing (as Node refuses to import it).
 */
function isHiddenInternal(exports: unknown, inside: string): boolean {
  if (exports === undefined || exports === null) return false;
  const map = isSubpathMap(exports) ? exports : { '.': exports };
  const key = keyFor(map, `./${inside}`);
  return key === undefined || map[key] !== null;
}

/** The file's path inside its package, with `/` separators. */
function insideOf(root: PackageRoot, path: string): string {
  return path
    .slice(root.dir.length + 1)
    .split(sep)
    .join('/');
}

function nameOf(root: PackageRoot, subpath: string): string {
  return subpath === '.' ? root.name : `${root.name}${subpath.slice(1)}`;
}

/**
 * The package a file belongs to: inside node_modules, the folder its path names (a nested
 * package.json, such as `dist/esm/package.json` with only a `type`, does not count); elsewhere (a
 * linked workspace package), the nearest package.json that has a name.
 */
function packageRootOf(
  path: string,
  wanted: (packageName: string) => boolean,
): PackageRoot | undefined {
  const installed = nodeModulesPackage(path);
  if (installed) return wanted(installed.name) ? installed : undefined;
  const pkg = namedPackageOf(path);
  return pkg?.name !== undefined && wanted(pkg.name) ? { dir: pkg.dir, name: pkg.name } : undefined;
}

function manifestOf(dir: string): Manifest | null {
  let manifest = manifests.get(dir);
  if (manifest === undefined) {
    const text = readTextIfPresent(`${dir}${sep}package.json`);
    try {
      manifest = text === undefined ? null : (JSON.parse(text) as Manifest);
    } catch {
      // No readable package.json: Node could not have resolved a name to this file either.
      manifest = null;
    }
    manifests.set(dir, manifest);
  }
  return manifest;
}

/** The subpaths (`.`, `./sub`) of a package that can resolve to the file `inside` it. */
function subpathsOf(manifest: Manifest, inside: string, dir: string): string[] {
  const { exports } = manifest;
  if (exports === undefined || exports === null) return legacySubpaths(manifest, inside, dir);
  const map = isSubpathMap(exports) ? exports : { '.': exports };
  const found = new Set<string>();
  for (const [key, value] of Object.entries(map)) {
    for (const target of targetsOf(value)) {
      const subpath = subpathFor(key, target, inside);
      // A subpath another key answers for is not this key's: `"./features/private/*": null`
      // beside `"./features/*.js"` takes the private files out of what the pattern exports.
      if (subpath !== undefined && keyFor(map, subpath) === key) found.add(subpath);
    }
  }
  return [...found];
}

/**
 * The key of an `exports` map that Node resolves `subpath` through: the subpath itself, else the
 * pattern that matches it with the longest part before its `*` (then the longest), as Node's
 * `packageExportsResolve` chooses.
 */
function keyFor(map: Record<string, unknown>, subpath: string): string | undefined {
  if (Object.hasOwn(map, subpath) && !subpath.includes('*') && !subpath.endsWith('/')) {
    return subpath;
  }
  let best: string | undefined;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star === -1 || key.lastIndexOf('*') !== star) continue;
    if (
      subpath.startsWith(key.slice(0, star)) &&
      subpath.length >= key.length &&
      subpath.endsWith(key.slice(star + 1)) &&
      (best === undefined || isBetterPattern(key, best))
    ) {
      best = key;
    }
  }
  return best;
}

/** Node's order of pattern keys: the longer part before `*` first, then the longer key. */
function isBetterPattern(key: string, than: string): boolean {
  const base = key.indexOf('*');
  const thanBase = than.indexOf('*');
  return base !== thanBase ? base > thanBase : key.length > than.length;
}

/**
 * Without `exports`: the entry is `main` (as Node completes it), or index.js when there is no
 * `main` or nothing where it points (Node falls back to it, with a deprecation warning); any
 * file is a subpath.
 */
function legacySubpaths(manifest: Manifest, inside: string, dir: string): string[] {
  const found: string[] = [];
  // `./lib/` names the folder as `./lib` does.
  const main =
    typeof manifest.main === 'string'
      ? posix.normalize(manifest.main).replace(/\/+$/, '')
      : undefined;
  const entries = main && main !== '.' ? [main, `${main}.js`, `${main}/index.js`] : ['index.js'];
  if (
    entries.includes(inside) ||
    (inside === 'index.js' && !entries.some((entry) => isFileIn(dir, entry)))
  ) {
    found.push('.');
  }
  found.push(`./${inside}`);
  const bare = inside.replace(/\.[cm]?js$/, '');
  if (bare !== inside) found.push(`./${bare}`);
  return found;
}

/** Whether `entry` is a file in the package folder `dir`; asked once per package and entry. */
function isFileIn(dir: string, entry: string): boolean {
  const path = `${dir}${sep}${entry.split('/').join(sep)}`;
  let known = filesSeen.get(path);
  if (known === undefined) {
    try {
      known = statSync(path).isFile();
    } catch {
      // Nothing there: Node would try the next candidate.
      known = false;
    }
    filesSeen.set(path, known);
  }
  return known;
}

const filesSeen = new Map<string, boolean>();

function isSubpathMap(exports: unknown): exports is Record<string, unknown> {
  if (typeof exports !== 'object' || exports === null || Array.isArray(exports)) return false;
  return Object.keys(exports).some((key) => key.startsWith('.'));
}

/** Every target an `exports` value can pick, whatever the conditions. */
function targetsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(targetsOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(targetsOf);
  return [];
}

/** The subpath `key` names `inside` by, through `target` (with a `*` pattern or without). */
function subpathFor(key: string, target: string, inside: string): string | undefined {
  if (!target.startsWith('./')) return undefined;
  const file = posix.normalize(target);
  const star = file.indexOf('*');
  const keyStar = key.indexOf('*');
  if (star === -1 || keyStar === -1) return file === inside ? key : undefined;
  const prefix = file.slice(0, star);
  const suffix = file.slice(star + 1);
  if (
    inside.length < prefix.length + suffix.length ||
    !inside.startsWith(prefix) ||
    !inside.endsWith(suffix)
  ) {
    return undefined;
  }
  const matched = inside.slice(prefix.length, inside.length - suffix.length);
  return `${key.slice(0, keyStar)}${matched}${key.slice(keyStar + 1)}`;
}
