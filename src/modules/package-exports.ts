import { dirname, join } from 'node:path';
import { readTextIfPresent } from '../internal/fs.js';
import { packageNameOf } from './matcher.js';
import { pnpPackageFolder } from './pnp-package.js';

/**
 * How Node picks a package's file for a request, where hookline must pick it itself: a redirect to
 * a package folder, and a preload named by a package that only `import` can load, looked for from
 * the program's folder rather than from hookline's. The `exports` rules are Node's: conditions in
 * the package's order, subpaths, `*` patterns (the longest prefix wins), `null` for "not exported".
 */

/** The fields of a package.json that decide which file a request loads. */
export interface Manifest {
  readonly type?: unknown;
  readonly exports?: unknown;
  readonly main?: unknown;
}

/**
 * The file a package's `subpath` (`.` or `./sub`) leads to, relative to its folder, with
 * `conditions`: through `exports` where the package has them (`undefined` when they do not export
 * the subpath), else the subpath itself, `main` or index.js for `.`.
 *
 * @example
 * ```ts
 * packageFile({ exports: { '.': { import: './esm.js', require: './cjs.js' } } }, '.', conditionsFor('import'));
 * // './esm.js'
 * ```
 */
export function packageFile(
  manifest: Manifest,
  subpath: string,
  conditions: ReadonlySet<string>,
): string | undefined {
  if (manifest.exports !== undefined && manifest.exports !== null) {
    return exportsTarget(manifest.exports, subpath, conditions);
  }
  if (subpath !== '.') return subpath;
  return typeof manifest.main === 'string' ? manifest.main : 'index.js';
}

/** A package found by name: its folder, and the file a request leads to there. */
export interface FoundPackage {
  readonly root: string;
  /** The file, or `undefined` where the package's `exports` do not export the request. */
  readonly file: string | undefined;
}

/**
 * Where a bare specifier (`pkg`, `@s/p/sub`) leads for `import` through its package's `exports`,
 * the package looked for as Node looks from `folder`: in `node_modules` there and in each folder
 * above it. `undefined` when no package of that name is installed there, or it has no `exports`
 * (then `main` and index.js decide, as for `require`).
 *
 * @example
 * ```ts
 * exportedTarget('esm-only/register', process.cwd()); // { root: '…/node_modules/esm-only', file: '…/register.js' }
 * ```
 */
export function exportedTarget(specifier: string, folder: string): FoundPackage | undefined {
  const name = packageNameOf(specifier);
  const installed = installedPackage(name, folder);
  const exports = installed?.manifest.exports;
  if (installed === undefined || exports === undefined || exports === null) return undefined;
  const subpath = specifier === name ? '.' : `.${specifier.slice(name.length)}`;
  const file = packageFile(installed.manifest, subpath, conditionsFor('import'));
  return {
    root: installed.root,
    file: file === undefined ? undefined : join(installed.root, file),
  };
}

/**
 * The package `name` as Node finds it from `folder`: in `node_modules` there, else in each folder
 * above it; under Yarn Plug'n'Play, which has no node_modules, where Yarn's runtime places it.
 * `undefined` when it is not installed anywhere on that way.
 */
export function installedPackage(
  name: string,
  folder: string,
): { readonly root: string; readonly manifest: Manifest } | undefined {
  for (let dir = folder; ; dir = dirname(dir)) {
    const root = join(dir, 'node_modules', name);
    const manifest = readManifest(root);
    if (manifest !== undefined) return { root, manifest };
    if (dirname(dir) === dir) break;
  }
  const root = pnpPackageFolder(name, folder);
  if (root === undefined) return undefined;
  const manifest = readManifest(root);
  return manifest === undefined ? undefined : { root, manifest };
}

/**
 * The entry file of a package folder, as Node would resolve the package by its name: its
 * `exports` "." with `conditions`, else `main`, else index.js.
 */
export function packageEntry(manifest: Manifest, conditions: ReadonlySet<string>): string {
  return (
    packageFile(manifest, '.', conditions) ??
    (typeof manifest.main === 'string' ? manifest.main : 'index.js')
  );
}

/** The package.json of a folder; `undefined` where it has none (or none that parses). */
export function readManifest(folder: string): Manifest | undefined {
  const text = readTextIfPresent(join(folder, 'package.json'));
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Manifest;
  } catch {
    // A package.json that does not parse: Node looks one folder up.
    return undefined;
  }
}

/** The target `exports` give `subpath`: an exact key, else the best `*` pattern. */
function exportsTarget(
  exports: unknown,
  subpath: string,
  conditions: ReadonlySet<string>,
): string | undefined {
  const keyed =
    typeof exports === 'object' &&
    exports !== null &&
    !Array.isArray(exports) &&
    Object.keys(exports).some((key) => key.startsWith('.'));
  // Without subpath keys, `exports` is what "." exports.
  if (!keyed) return subpath === '.' ? pick(exports, conditions, undefined) : undefined;
  const map = exports as Record<string, unknown>;
  if (Object.hasOwn(map, subpath) && !subpath.includes('*')) {
    return pick(map[subpath], conditions, undefined);
  }
  let best: { key: string; match: string } | undefined;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star === -1 || key.indexOf('*', star + 1) !== -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (
      subpath.length >= key.length &&
      subpath.startsWith(prefix) &&
      subpath.endsWith(suffix) &&
      (best === undefined || isBetterPattern(key, best.key))
    ) {
      best = { key, match: subpath.slice(prefix.length, subpath.length - suffix.length) };
    }
  }
  return best && pick(map[best.key], conditions, best.match);
}

/** Node's order of patterns: the longer part before `*` first, then the longer key. */
function isBetterPattern(key: string, than: string): boolean {
  const prefix = key.indexOf('*');
  const thanPrefix = than.indexOf('*');
  return prefix !== thanPrefix ? prefix > thanPrefix : key.length > than.length;
}

/** A target: a path, the first of an array that resolves, or the first condition that applies. */
function pick(
  target: unknown,
  conditions: ReadonlySet<string>,
  match: string | undefined,
): string | undefined {
  if (typeof target === 'string') {
    return match === undefined ? target : target.replaceAll('*', match);
  }
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = pick(item, conditions, match);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof target !== 'object' || target === null) return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (!conditions.has(condition)) continue;
    const found = pick(value, conditions, match);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The conditions Node resolves a package's `exports` with, for `import` or for `require`
 * (`module-sync` where `require` can load ES modules, Node 20.19+ and 22.12+), with those the
 * program was started with.
 */
export function conditionsFor(kind: 'import' | 'require'): ReadonlySet<string> {
  const flags = startFlags();
  const conditions = new Set([kind, 'node', 'default', ...userConditions(flags)]);
  if (!flags.includes('--no-addons')) conditions.add('node-addons');
  if ((process.features as { require_module?: boolean }).require_module) {
    conditions.add('module-sync');
  }
  return conditions;
}

/** Node's flags: NODE_OPTIONS, then the command line's. */
function startFlags(): string[] {
  const fromEnvironment = process.env['NODE_OPTIONS']?.trim().split(/\s+/) ?? [];
  return [...fromEnvironment.filter(Boolean), ...process.execArgv];
}

/** `--conditions=x`, `--conditions x` and `-C x`: Node adds them to every resolution. */
function userConditions(flags: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const match = /^(?:--conditions|-C)(?:=(.*))?$/.exec(flags[i] ?? '');
    if (!match) continue;
    const value = match[1] ?? flags[++i];
    if (value) found.push(value.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return found;
}
