import { dirname, join, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { realpathSync } from '../internal/fs.js';
import { inNamedPackage, namedPackageOf, nodeModulesPackage } from '../internal/package-json.js';
import { isBareSpecifier, packageNameOf } from './matcher.js';
import type { PackageRoot } from './package-entry.js';
import { registry } from './registry.js';

export const nodeModulesMarker = `${sep}node_modules${sep}`;

/**
 * The package a hook names that a file is part of, told from its path alone: the folder after
 * its last `node_modules`, or one of the linked packages hooks name (whose real folder, where
 * Node loads them from, is outside node_modules). Runs for every CommonJS module: most cost a
 * string search and a set lookup.
 */
export function hookedPackageOf(filename: string): PackageRoot | undefined {
  // Asked twice in a row for each required file on Node 20 (before it compiles, and after).
  if (filename === lastFilename && registry.packageNames === lastNames) return lastRoot;
  const root = findHookedPackage(filename);
  // Kept after the search, which may learn a linked package (and forget the last answer).
  lastFilename = filename;
  lastNames = registry.packageNames;
  lastRoot = root;
  return root;
}

/**
 * The last answer of {@link hookedPackageOf}, and what it was asked. Forgotten when a linked
 * package is learnt (see {@link learnLinked}), which changes the answer for the same names.
 */
let lastFilename = '';
let lastNames: ReadonlySet<string> | undefined;
let lastRoot: PackageRoot | undefined;

function findHookedPackage(filename: string): PackageRoot | undefined {
  const installed = inNamedPackage(filename, registry.packageNameList);
  if (installed) return nodeModulesPackage(filename);
  const linked = linkedPackageOf(filename, linkedPackages());
  // Not under any node_modules: maybe a linked package no name has been seen resolving to yet.
  return linked ?? (installed === undefined ? linkedPackageByPath(filename) : undefined);
}

/**
 * The linked package hooks name that `filename`, outside every node_modules, is part of by its
 * nearest package.json with a name, learnt now: as a file under `node_modules/pkg/` is `pkg`'s by
 * its path however it loads, a linked package's file loaded by its path (one that only another
 * linked package reaches by name, or that the program requires by its path) is its package's. A
 * package.json lookup per folder, kept; a map lookup for each other file of the folder.
 */
function linkedPackageByPath(filename: string): PackageRoot | undefined {
  const pkg = namedPackageOf(filename);
  if (pkg?.name === undefined || !registry.packageNames.has(pkg.name)) return undefined;
  learnLinked(pkg.name, pkg.dir);
  return linkedPackageOf(filename, linkedPackages());
}

/**
 * The package of `filename`, outside node_modules, by its nearest package.json with a name, if
 * it is one of `names`.
 */
export function packageNamed(filename: string, names: readonly string[]): PackageRoot | undefined {
  const pkg = namedPackageOf(filename);
  return pkg?.name !== undefined && names.includes(pkg.name)
    ? { dir: pkg.dir, name: pkg.name }
    : undefined;
}

/**
 * The one of `packages` (linked packages) that `filename` is part of, if any: the innermost, as
 * a workspace package lies inside the folder of the root package, which is linked too once the
 * program imports it by its own name.
 */
export function linkedPackageOf(
  filename: string,
  packages: readonly LinkedPackage[],
): LinkedPackage | undefined {
  let found: LinkedPackage | undefined;
  for (let i = 0; i < packages.length; i++) {
    const pkg = packages[i] as LinkedPackage;
    // Not the package's own dependencies, installed inside it.
    if (
      filename.startsWith(pkg.prefix) &&
      filename.indexOf(nodeModulesMarker, pkg.prefix.length - 1) === -1 &&
      (found === undefined || pkg.prefix.length > found.prefix.length)
    ) {
      found = pkg;
    }
  }
  return found;
}

/**
 * A package hooks name, installed as a link to a folder whose path does not name it: outside
 * node_modules (a workspace package, an npm link), or under another name (a pnpm alias).
 */
export interface LinkedPackage extends PackageRoot {
  /** Its real folder with a trailing separator, which its files' paths start with. */
  readonly prefix: string;
  /** The same as a `file:` URL with a trailing `/`, which its modules' URLs start with. */
  readonly urlPrefix: string;
}

/** Linked packages by the name they are installed under: looked for once per name. */
const linkedByName = new Map<string, LinkedPackage[]>();
/** Those of the packages hooks name now, and the set of names they were gathered for. */
let linked: readonly LinkedPackage[] = [];
let linkedFor: ReadonlySet<string> | undefined;

/**
 * The linked packages among those hooks name. Gathered again only when the hooks change (the
 * registry then makes a new set of names), so a module costs an identity check here.
 */
export function linkedPackages(): readonly LinkedPackage[] {
  if (linkedFor !== registry.packageNames) {
    linkedFor = registry.packageNames;
    const all: LinkedPackage[] = [];
    for (const name of linkedFor) all.push(...linkedNamed(name));
    linked = all;
  }
  return linked;
}

export function linkedNamed(name: string): LinkedPackage[] {
  let found = linkedByName.get(name);
  if (!found) {
    found = findLinked(name);
    linkedByName.set(name, found);
  }
  return found;
}

/**
 * Where the program would find `name` (from its main script's folder and the working directory,
 * up to the root, as Node looks): a link whose real folder is outside node_modules, or in
 * node_modules under another name, is a linked package. A few file-system calls per name, once.
 */
function findLinked(name: string): LinkedPackage[] {
  const found: LinkedPackage[] = [];
  const starts = new Set<string>();
  if (process.argv[1]) starts.add(dirname(resolvePath(process.argv[1])));
  try {
    starts.add(process.cwd());
  } catch {
    // The working directory was removed: the main script's folder is left to look from.
  }
  const looked = new Set<string>();
  for (const start of starts) {
    for (let dir = start; !looked.has(dir); dir = dirname(dir)) {
      looked.add(dir);
      const real = realPathOf(join(dir, 'node_modules', name));
      if (real !== undefined) {
        if (nodeModulesPackage(real + sep)?.name !== name) {
          addLinked(found, name, real);
        }
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  return found;
}

function addLinked(list: LinkedPackage[], name: string, dir: string): void {
  const prefix = dir + sep;
  if (list.some((pkg) => pkg.prefix === prefix)) return;
  list.push({ dir, name, prefix, urlPrefix: `${pathToFileURL(dir).href}/` });
}

function realPathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    // Not installed in this folder (the usual case): Node would look one folder up.
    return undefined;
  }
}

/**
 * The in-thread load hook saw a CommonJS module load (by `import` too, which no CommonJS loader
 * function sees by name): outside node_modules, it may be a linked package hooks name that
 * {@link findLinked} did not see. Its package.json is looked up once per folder.
 */
export function commonJsLoading(url: string): void {
  if (registry.packageNames.size === 0 || !url.startsWith('file:')) return;
  if (url.includes('/node_modules/')) return;
  hookedPackageOf(fileURLToPath(url));
}

/**
 * A name hooks select resolved to `filename` outside node_modules: a linked package, found where
 * the program resolved it (which may be a folder {@link findLinked} does not look in).
 */
export function resolvedLinked(specifier: string, filename: string): void {
  if (!isBareSpecifier(specifier) || filename.includes(nodeModulesMarker)) return;
  const name = packageNameOf(specifier);
  if (!registry.packageNames.has(name)) return;
  const pkg = namedPackageOf(filename);
  if (pkg) learnLinked(name, pkg.dir);
}

function learnLinked(name: string, dir: string): void {
  const list = linkedNamed(name);
  const before = list.length;
  addLinked(list, name, dir);
  if (list.length === before) return;
  linkedFor = undefined;
  // A file asked about just before (on Node 20, as it compiled, before the loader thread's report
  // that its package is linked was taken; on Node 22+, as its load hook learnt the package) was
  // not part of a hooked package then: asked again after its body ran, it must be.
  lastNames = undefined;
}
