import { createRequire } from 'node:module';
import { dirname, join, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { debug } from '../internal/debuglog.js';
import { isModuleNamespace } from '../internal/errors.js';
import { fileUrlOf } from '../internal/file-url.js';
import { realpathSync } from '../internal/fs.js';
import { ownRequire } from '../internal/lazy-require.js';
import { listed } from '../internal/listed.js';
import { loadedScriptUrls } from '../internal/loaded-scripts.js';
import { internally } from '../internal/own-loads.js';
import { inNamedPackage, namedPackageOf, nodeModulesPackage } from '../internal/package-json.js';
import { addToSetMap } from '../internal/set-map.js';
import { warn } from '../internal/warning.js';
import { applyToCommonJs, applyToEsm } from './apply.js';
import { flushEarlierEvents } from './audit.js';
import { builtinRequested } from './builtin-hooks.js';
import { type EsmRecord, evaluated, setEvaluatedListener } from './esm/runtime.js';
import { RUNTIME_KEY } from './esm/runtime-key.js';
import { ranAsEsm } from './esm-file.js';
import { fileKey, unresolvedFileUrl, wrappedModuleUrl } from './file-key.js';
import { mocksJson } from './import-attributes.js';
import { importInfo } from './info.js';
import { type CompiledMatcher, isBareSpecifier, moduleKey, packageNameOf } from './matcher.js';
import { lackingExportsMessage } from './mock-errors.js';
import {
  isEsModuleFormat,
  isUninstrumentableFormat,
  uninstrumentableMessage,
} from './module-format.js';
import { noteApplied } from './never-ran.js';
import {
  hookedNamesByPlace,
  importNamesOf,
  namesInPackage,
  type PackageRoot,
} from './package-entry.js';
import { type ImportHook, registry } from './registry.js';
import { requireImportedCommonJs } from './scheme.js';
import { exportNames } from './virtual.js';

/**
 * What the loaders learn as modules resolve, and what it means for the hooks: which files a
 * hook selected, which ES modules to instrument, and which modules were already loaded when a
 * hook is added. Shared by every loader path (in-thread hooks, CommonJS loader, loader thread).
 */

/** CommonJS files a hook selected, with the specifiers that selected them. */
const commonJsMarks = new Map<string, Set<string>>();
/** ES modules a hook selected (URL → specifiers). */
const esmRoots = new Map<string, Set<string>>();
/** ES modules a selected module re-exports from: instrumented so their bindings can change. */
const reexportTargets = new Set<string>();
/** `parentURL \0 specifier` of re-exports whose resolution is still to come. */
const pendingReexports = new Set<string>();
/** A module seen resolving: its format, and the specifiers it resolved from. */
interface SeenModule {
  format: string | undefined;
  /** One specifier, as most modules are asked for by one; a set once there are others. */
  specifiers: string | Set<string>;
}
/**
 * Every module seen resolving since the loaders were installed, by URL, as of the last
 * {@link seenModules}. Resolutions are logged first and put in the map only when it is read
 * (rarely: a hook added after modules loaded, a builtin selected by a pattern, the entry point's
 * own require): a URL is a new string at each resolution, and hashing it to key a map costs more
 * than the rest of what an audited import does, thousands of times while a program starts.
 */
const seen = new Map<string, SeenModule>();
/** Resolutions not in {@link seen} yet: URL, specifier and format, three entries each. */
const unindexed: (string | null | undefined)[] = [];

/** {@link seen}, with every resolution logged so far. */
function seenModules(): Map<string, SeenModule> {
  for (let at = 0; at < unindexed.length; at += 3) {
    const url = unindexed[at] as string;
    const specifier = unindexed[at + 1] as string;
    const format = unindexed[at + 2];
    const entry = seen.get(url);
    if (!entry) seen.set(url, { format: format ?? undefined, specifiers: specifier });
    else {
      if (format) entry.format = format;
      if (typeof entry.specifiers !== 'string') entry.specifiers.add(specifier);
      else if (entry.specifiers !== specifier) {
        entry.specifiers = new Set([entry.specifiers, specifier]);
      }
    }
  }
  unindexed.length = 0;
  return seen;
}

function specifiersOf(entry: SeenModule): Iterable<string> {
  return typeof entry.specifiers === 'string' ? [entry.specifiers] : entry.specifiers;
}

/** Whether a module URL has resolved before (since the loaders were installed). */
export function wasSeen(url: string): boolean {
  return seenModules().has(url);
}

/** A resolution seen by any loader path. `format` may be unknown (CommonJS `require`). */
export function resolved(
  specifier: string,
  parentURL: string | undefined,
  url: string,
  format: string | null | undefined,
  viaRequire: boolean,
): void {
  // Resolved to import-in-the-middle's wrapper: what the hooks select is the module it wraps.
  url = wrappedModuleUrl(url) ?? url;
  unindexed.push(url, specifier, format);
  // A long-running program's resolutions go in the map by batches, not kept in the log for ever.
  if (unindexed.length >= 3 * 4096) seenModules();
  if (pendingReexports.size > 0 && parentURL !== undefined) {
    const key = `${parentURL}\0${specifier}`;
    if (pendingReexports.delete(key)) reexportTargets.add(fileKey(url));
  }
  if (registry.importHooks.size === 0 || !registry.mayMatch(specifier)) return;
  // Builtins are patched in place: at once, or for a pattern as they load (builtinLoading).
  if (url.startsWith('node:')) return;
  if (registry.hooksFor(specifier).length === 0) return;
  // A WebAssembly module is in the ES module graph too: its hooks are told they cannot apply.
  const isModule =
    isEsModuleFormat(format) ||
    isUninstrumentableFormat(format) ||
    (!viaRequire && format !== 'commonjs' && url.endsWith('.mjs'));
  if (isModule) addToSetMap(esmRoots, url, specifier);
  else if (url.startsWith('file:')) {
    const filename = fileURLToPath(url);
    addToSetMap(commonJsMarks, filename, specifier);
    resolvedLinked(specifier, filename);
  } else {
    // A scheme's CommonJS module: require's cache holds it under its URL.
    addToSetMap(commonJsMarks, url, specifier);
  }
  if (format === undefined || format === null) {
    // require() does not know the format before loading: an ES module reached by require(esm)
    // must be instrumented too.
    addToSetMap(esmRoots, url, specifier);
  }
}

/**
 * A builtin is about to load for an import (its load hook runs; a resolve alone, such as
 * `import.meta.resolve`, loads nothing): the pattern hooks that select it by a specifier it was
 * imported by get it first.
 */
export function builtinLoading(url: string): void {
  const entry = seenModules().get(url);
  for (const specifier of entry ? specifiersOf(entry) : [url]) builtinRequested(specifier);
}

/**
 * Whether an ES module's source must be instrumented, and the specifiers a hook selected it by
 * (empty when it is only the source of a selected module's re-exports).
 */
export function instrumentationFor(url: string): readonly string[] | undefined {
  const roots = esmRoots.get(url);
  const byFile = fileHookKey(url);
  const byName = namedInPackage(url);
  if (!roots && !byFile && byName.length === 0) {
    return reexportTargets.size > 0 && reexportTargets.has(fileKey(url)) ? [] : undefined;
  }
  const specifiers = new Set(roots);
  if (byFile) specifiers.add(byFile);
  for (const name of byName) specifiers.add(name);
  return [...specifiers];
}

const NO_NAMES: readonly string[] = Object.freeze([]);

/** The names hooks give an ES module by its place in its package: no resolve hook needed. */
function namedInPackage(url: string): readonly string[] {
  if (registry.packageNames.size === 0) return NO_NAMES;
  const names = hookedNamesByPlace(url, registry.packageNameList, isHookedName);
  return names.length > 0 ? names : namedInLinkedPackage(url);
}

function isHookedName(name: string): boolean {
  return registry.hooksByName.has(name);
}

/**
 * The names hooks give an ES module of a linked package, whose real folder does not carry the
 * name it is installed under: a workspace package, or one pnpm installs under an alias
 * (`"aliased": "npm:realname@2"` links node_modules/aliased to the store's `realname`). Told by
 * its URL: a test per linked package hooks name, most often none.
 */
function namedInLinkedPackage(url: string): readonly string[] {
  const packages = linkedPackages();
  let found: LinkedPackage | undefined;
  for (let i = 0; i < packages.length; i++) {
    const pkg = packages[i] as LinkedPackage;
    // Not the package's own dependencies, installed inside it; the innermost package.
    if (
      url.startsWith(pkg.urlPrefix) &&
      url.indexOf('/node_modules/', pkg.urlPrefix.length - 1) === -1 &&
      (found === undefined || pkg.urlPrefix.length > found.urlPrefix.length)
    ) {
      found = pkg;
    }
  }
  return found ? namesInPackage(found, fileURLToPath(url)).filter(isHookedName) : NO_NAMES;
}

/**
 * A module with no JavaScript to instrument (WebAssembly) loaded: the hooks that select it are
 * told they cannot apply to it.
 */
export function uninstrumentableLoaded(url: string, format: string): void {
  const specifiers = instrumentationFor(url);
  if (specifiers && specifiers.length > 0) {
    warn(uninstrumentableMessage(url, format, specifiers));
  }
}

/** ES modules seen loading (by the in-thread load hook), for hooks added after they loaded. */
const loadedEsm = new Set<string>();

/** The in-thread load hook saw an ES module load. */
export function esmLoaded(url: string): void {
  copyLoaded(url);
  loadedEsm.add(url);
}

/**
 * The newest copy of each file loaded under a query (`./m.mjs?t=3`), by its file key: a dev
 * server's reload or a test runner's fresh copy per test replaces the copies before it, which a
 * hook added late leaves alone. Handing it every copy made a hook added and undone per test run
 * on every earlier test's copy: handler calls grew with the square of the tests.
 */
const newestCopies = new Map<string, string>();

/** An ES module loaded (or ran, instrumented): the newest copy of its file, if under a query. */
function copyLoaded(url: string): void {
  if (loadedEsm.has(url) || records.has(url)) return;
  const key = fileKey(url);
  if (key !== url) newestCopies.set(key, url);
}

/**
 * A copy of a file under a query that a newer one replaced. The plain copy (no query) is never
 * replaced: imports without a query keep using it.
 */
function isReplacedCopy(url: string): boolean {
  const key = fileKey(url);
  return key !== url && newestCopies.get(key) !== url;
}

/** The file key of a module some hook names by its file (`onImport('./conf.js')`), if any. */
function fileHookKey(url: string): string | undefined {
  if (!registry.hooksByFile || !url.startsWith('file:')) return undefined;
  const key = fileKey(url);
  return registry.hooksByName.has(key) ? key : undefined;
}

/**
 * An instrumented module re-exports from `specifiers`: instrument those too when they load.
 * Relative ones are known at once; the others (package names, `#imports`) when they resolve, so
 * the returned `true` says a resolve hook must watch for them.
 */
export function expectReexports(parentURL: string, specifiers: readonly string[]): boolean {
  let needResolve = false;
  for (const specifier of specifiers) {
    const url = unresolvedFileUrl(specifier, parentURL);
    if (url !== undefined) reexportTargets.add(url);
    else needResolve = true;
    // Also as resolved, which may differ (a symbolic link).
    pendingReexports.add(`${parentURL}\0${specifier}`);
  }
  return needResolve;
}

/**
 * After a CommonJS module's body ran (or a JSON file that `require` loaded was parsed): the hooks
 * that select it get its exports.
 */
export function commonJsEvaluated(
  module: { exports: unknown },
  filename: string,
  format: 'commonjs' | 'json' = 'commonjs',
): void {
  // On Node 20, an ES module's import of this module was resolved on the loader thread, whose
  // report of it may still wait in the port: Node can evaluate the module before the main
  // thread's event loop delivers it. Taken now, so that the hooks it selects are known.
  flushEarlierEvents();
  const selected = hooksSelectingFile(filename);
  if (selected === undefined) return;
  applyToCommonJs(module, selected.hooks, importInfo(filename, format, selected.specifier));
}

/**
 * A JSON file that an import (`with { type: 'json' }`) loads, selected by a hook: the hooks get
 * the parsed value, as a required one's do, and what they leave is the module's new source. The
 * source as it was when no hook selects it, or when what they leave is not JSON (warned).
 */
export function jsonImported(url: string, source: string): string {
  flushEarlierEvents();
  const filename = fileURLToPath(url);
  // Required already (require's cache is the program's, one per process): Node gives the import
  // the exports require got (hooked then), not this source.
  if ((ownRequire().cache[filename] as { loaded?: boolean } | undefined)?.loaded === true) {
    return source;
  }
  const selected = hooksSelectingFile(filename);
  if (selected === undefined) return source;
  const module = { exports: JSON.parse(source) as unknown };
  applyToCommonJs(module, selected.hooks, importInfo(filename, 'json', selected.specifier));
  try {
    const text = JSON.stringify(module.exports);
    if (typeof text === 'string') return text;
    throw new TypeError(`the handlers left ${typeof module.exports}`);
  } catch (error) {
    warn(
      `onImport handlers for ${url} left a value that is not JSON, which an import of a JSON module can only give; it loads as it was`,
      error,
    );
    return source;
  }
}

/** The hooks that select a CommonJS or JSON file, and the name the first selected it by. */
function hooksSelectingFile(
  filename: string,
): { readonly hooks: ImportHook[]; readonly specifier: string } | undefined {
  const marks = commonJsMarks.get(filename);
  // Most modules: no hook marked them, and their package (if any) is not one hooks name.
  const root = registry.packageNames.size > 0 ? hookedPackageOf(filename) : undefined;
  if (!marks && !root && !registry.hooksByFile) return undefined;
  const found = new Set<ImportHook>();
  let specifier: string | undefined;
  const add = (hooks: Iterable<ImportHook>, by: string) => {
    for (const hook of hooks) {
      found.add(hook);
      specifier ??= by;
    }
  };
  for (const mark of marks ?? []) add(registry.hooksFor(mark), mark);
  for (const name of root ? namesInPackage(root, filename) : []) {
    add(registry.hooksByName.get(name) ?? [], name);
  }
  if (registry.hooksByFile) {
    const url = fileUrlOf(filename);
    add(registry.hooksByName.get(url) ?? [], url);
  }
  if (found.size === 0) return undefined;
  return { hooks: [...found], specifier: specifier ?? filename };
}

/**
 * Whether a hook may select a module `require` loads, told from its path without making its URL:
 * `false` means {@link instrumentationFor} has nothing for it. Most modules cost what
 * {@link commonJsEvaluated} costs them: a map lookup and a string search.
 */
export function maySelectRequired(filename: string): boolean {
  return (
    commonJsMarks.has(filename) ||
    registry.hooksByFile ||
    (registry.packageNames.size > 0 && hookedPackageOf(filename) !== undefined)
  );
}

const nodeModulesMarker = `${sep}node_modules${sep}`;

/**
 * The package a hook names that a file is part of, told from its path alone: the folder after
 * its last `node_modules`, or one of the linked packages hooks name (whose real folder, where
 * Node loads them from, is outside node_modules). Runs for every CommonJS module: most cost a
 * string search and a set lookup.
 */
function hookedPackageOf(filename: string): PackageRoot | undefined {
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
function packageNamed(filename: string, names: readonly string[]): PackageRoot | undefined {
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
function linkedPackageOf(
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
interface LinkedPackage extends PackageRoot {
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
function linkedPackages(): readonly LinkedPackage[] {
  if (linkedFor !== registry.packageNames) {
    linkedFor = registry.packageNames;
    const all: LinkedPackage[] = [];
    for (const name of linkedFor) all.push(...linkedNamed(name));
    linked = all;
  }
  return linked;
}

function linkedNamed(name: string): LinkedPackage[] {
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
function resolvedLinked(specifier: string, filename: string): void {
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

/**
 * A hook was added: run it at once on what already loaded. CommonJS modules from the require
 * cache (found by the specifiers seen, or by resolving its names from the entry point); ES
 * modules hookline instrumented; other ES modules cannot change, which a warning says. Returns
 * the URLs it dealt with, which {@link warnUnwatchedEsm} then leaves alone.
 */
export function applyToLoaded(
  hook: ImportHook,
  requireCache: Record<string, { exports: unknown; loaded?: boolean } | undefined>,
  evaluated: Map<string, string>,
  loadedUnseen = true,
): ReadonlySet<string> {
  const done = new Set<string>();
  for (const [url, entry] of seenModules()) {
    const specifier =
      [...specifiersOf(entry)].find((s) => registry.hooksFor(s).includes(hook)) ??
      (url.startsWith('file:') && hook.matcher.names.includes(fileKey(url)) && !isReplacedCopy(url)
        ? fileKey(url)
        : undefined);
    if (specifier === undefined || url.startsWith('node:')) continue;
    done.add(url);
    const record = esmRecordOf(url);
    if (record) {
      applyToEsm(record, [hook], importInfo(url, 'module', specifier));
      continue;
    }
    const path = url.startsWith('file:') ? fileURLToPath(url) : url;
    const module = requireCache[path];
    if (module) applyToRequired(module, hook, path, specifier, evaluated);
    else if (isEsModuleFormat(entry.format)) noteEvaluated(evaluated, specifier, url);
  }
  // ES modules the load hook saw (with no resolve hook, they are not in `seen`): by their place
  // in their package.
  const packages = new Set(hook.matcher.names.filter(isBareSpecifier).map(packageNameOf));
  const patterns = hook.matcher.regexps.length > 0 || hook.matcher.predicate !== undefined;
  for (const url of packages.size > 0 || patterns ? loadedEsm : []) {
    if (done.has(url) || !url.startsWith('file:')) continue;
    const path = fileURLToPath(url);
    const byPlace = importNamesOf(path, (name) => patterns || packages.has(name));
    // A package installed under an alias is found under the name it is linked by.
    const linked = byPlace.length === 0 ? linkedPackageOf(path, linkedPackages()) : undefined;
    const names = linked ? namesInPackage(linked, path) : byPlace;
    const specifier = names.find(
      (name) => hook.matcher.names.includes(name) || registry.hooksFor(name).includes(hook),
    );
    if (specifier === undefined) continue;
    done.add(url);
    const record = esmRecordOf(url);
    if (record) applyToEsm(record, [hook], importInfo(url, 'module', specifier));
    else noteEvaluated(evaluated, specifier, url);
  }
  applyToLoadedFiles(hook, done, evaluated);
  // Modules loaded before hookline's loaders were installed: find CommonJS ones by name. None
  // where every module loaded since (`loadedUnseen` false): resolving each name costs ~0.3 ms.
  if (!loadedUnseen) return done;
  const from = process.argv[1]
    ? pathToFileURL(process.argv[1])
    : pathToFileURL(join(process.cwd(), 'x'));
  const require = createRequire(from);
  const unresolved: string[] = [];
  for (const name of hook.matcher.names) {
    if (name.startsWith('file:') && !done.has(name)) {
      const module = requireCache[fileURLToPath(name)];
      if (module) {
        done.add(name);
        applyToRequired(module, hook, fileURLToPath(name), name, evaluated);
      }
      continue;
    }
    if (name.startsWith('node:') || !isBareSpecifier(name)) continue;
    const filename = resolvedFromEntry(name, require);
    // Not installed where the program runs from: it may still have loaded as another package's
    // own dependency (a pnpm store's), looked for below.
    if (filename === null) {
      unresolved.push(name);
      continue;
    }
    const url = pathToFileURL(filename).href;
    if (done.has(url)) continue;
    const module = requireCache[filename];
    if (module) {
      done.add(url);
      applyToRequired(module, hook, filename, name, evaluated);
    }
  }
  if (unresolved.length > 0) applyToCachedCopies(hook, unresolved, requireCache, done, evaluated);
  return done;
}

/**
 * The modules in require's cache that a hook selects by `names`, names the entry point does not
 * resolve: a package's own dependency in a pnpm store, which only that package finds, or a linked
 * package's file loaded by its path. Told by their place in their package, as when they load. A
 * string test per cached module (0.2 µs), and a package.json lookup per folder (kept) of those
 * outside node_modules, paid only for such names: a name the entry point resolves is found by
 * that resolution, which a test runner that adds a hook per test pays once.
 */
function applyToCachedCopies(
  hook: ImportHook,
  names: readonly string[],
  requireCache: Record<string, { exports: unknown; loaded?: boolean } | undefined>,
  done: Set<string>,
  evaluated: Map<string, string>,
): void {
  const packages = [...new Set(names.map(packageNameOf))];
  const linked = packages.flatMap(linkedNamed);
  for (const filename in requireCache) {
    const installed = inNamedPackage(filename, packages);
    const root = installed
      ? nodeModulesPackage(filename)
      : (linkedPackageOf(filename, linked) ??
        (installed === undefined ? packageNamed(filename, packages) : undefined));
    if (root === undefined) continue;
    const specifier = namesInPackage(root, filename).find((name) => names.includes(name));
    const module = requireCache[filename];
    if (specifier === undefined || module === undefined) continue;
    const url = pathToFileURL(filename).href;
    if (done.has(url)) continue;
    done.add(url);
    applyToRequired(module, hook, filename, specifier, evaluated);
  }
}

/**
 * The ES modules of the files a hook names that loaded already: the plain copy and the newest
 * under a query (`./m.mjs?t=2`: a test runner's or dev server's fresh copy; the older ones it
 * replaced are left alone). Without a resolve hook they are not among the resolutions seen, and
 * on Node 20 no loader of this thread sees them load: they are found as the load hook saw them,
 * or as the modules an earlier hook instrumented, which can still change. The others cannot, and
 * a warning names them.
 */
function applyToLoadedFiles(hook: ImportHook, done: Set<string>, evaluated: Map<string, string>) {
  const files = hook.matcher.names.filter((name) => name.startsWith('file:'));
  if (files.length === 0) return;
  for (const url of new Set([...loadedEsm, ...records.keys()])) {
    if (done.has(url) || !url.startsWith('file:')) continue;
    const key = fileKey(url);
    if (!files.includes(key)) continue;
    const record = esmRecordOf(url);
    if (record && isReplacedCopy(url)) continue;
    done.add(url);
    if (record) applyToEsm(record, [hook], importInfo(url, 'module', key));
    else noteEvaluated(evaluated, key, url);
  }
}

/**
 * Where `name` resolves from the entry point, once per name: what this answers for is what
 * loaded before hookline's loaders were installed, and a module that loads later passes through
 * them. A program that adds and undoes hooks round after round asks the file system once.
 */
function resolvedFromEntry(name: string, require: NodeJS.Require): string | null {
  let filename = resolvedNames.get(name);
  if (filename === undefined) {
    try {
      filename = internally(() => require.resolve(name));
    } catch {
      filename = null;
    }
    resolvedNames.set(name, filename);
  }
  return filename;
}

const resolvedNames = new Map<string, string | null>();

/**
 * A module in require's cache, for a hook added after it loaded: CommonJS is handed over; an ES
 * module that `require` loaded (its exports are its namespace) is one hookline instrumented, or
 * was evaluated as it was and cannot change, which a warning says — its handler never gets a
 * namespace it cannot assign to. A CommonJS module whose body has not finished is left to the
 * wrapped `_compile`, which hands it over once it has: one that an import linked and has not run
 * yet (Node puts it in the cache while it links the importer), or one whose body is running now.
 */
function applyToRequired(
  module: { exports: unknown; loaded?: boolean },
  hook: ImportHook,
  filename: string,
  specifier: string,
  evaluated: Map<string, string>,
): void {
  const exports = module.exports;
  if (typeof exports !== 'object' || exports === null || !isModuleNamespace(exports)) {
    if (module.loaded === false) {
      handOverWhenLoaded(module, hook, filename, specifier);
      return;
    }
    const format = filename.endsWith('.json') ? 'json' : 'commonjs';
    applyToCommonJs(module, [hook], importInfo(filename, format, specifier));
    return;
  }
  const url = pathToFileURL(filename).href;
  const record = esmRecordOf(url);
  if (record) applyToEsm(record, [hook], importInfo(url, 'module', specifier));
  else noteEvaluated(evaluated, specifier, url);
}

/**
 * Hands a CommonJS module to a hook once Node marks it loaded: its body has not run yet (an
 * import linked it), or runs now. When hookline's `_compile` wrapper runs the body, it hands the
 * module over right after (the hook selects it by name or file); a body whose `_compile` began
 * before hookline was installed is seen only by Node setting `loaded`. A handler runs once either
 * way, and not at all if its hook was undone meanwhile.
 */
function handOverWhenLoaded(
  module: { exports: unknown; loaded?: boolean },
  hook: ImportHook,
  filename: string,
  specifier: string,
): void {
  const waiting = waitingForLoad.get(module);
  if (waiting) {
    waiting.push({ hook, specifier });
    return;
  }
  const hooks = [{ hook, specifier }];
  waitingForLoad.set(module, hooks);
  Reflect.defineProperty(module, 'loaded', {
    configurable: true,
    enumerable: true,
    get: () => false,
    set(value: unknown) {
      Reflect.defineProperty(module, 'loaded', {
        value,
        writable: true,
        configurable: true,
        enumerable: true,
      });
      waitingForLoad.delete(module);
      if (value !== true) return;
      for (const waiter of hooks) {
        if (!registry.importHooks.has(waiter.hook)) continue;
        applyToCommonJs(module, [waiter.hook], importInfo(filename, 'commonjs', waiter.specifier));
      }
    },
  });
}

/** CommonJS modules not loaded yet when hooks selecting them were added: those hooks. */
const waitingForLoad = new WeakMap<object, { hook: ImportHook; specifier: string }[]>();

/** The scripts V8 had compiled when the in-thread hooks began to watch, if they began late. */
let scriptsBeforeWatch: readonly string[] | undefined;

/**
 * Where no loader watched ES modules from the start (Node 20, or in-thread hooks installed after
 * the program began), asks V8 which scripts exist, and warns for the ES modules of the hook's
 * packages among them.
 */
export function warnUnwatchedEsm(
  hook: ImportHook,
  requireCache: Record<string, unknown>,
  handled: ReadonlySet<string>,
  watchedNow: boolean,
  evaluated: Map<string, string>,
): void {
  const names = hook.matcher.names.filter((n) => !n.startsWith('node:') && isBareSpecifier(n));
  const files = hook.matcher.names.filter((n) => n.startsWith('file:'));
  const patterns = hook.matcher.regexps.length > 0 || hook.matcher.predicate !== undefined;
  if (names.length === 0 && files.length === 0 && !patterns) return;
  const packages = new Set(names.map(packageNameOf));
  // Once the in-thread hooks watch, what loads records itself (loadedEsm): the scripts that
  // loaded before are asked of V8 once, and that answer serves every hook added after.
  if (watchedNow) scriptsBeforeWatch ??= loadedScriptUrls();
  for (const url of scriptsBeforeWatch ?? scriptsThisRun()) {
    if (!url.startsWith('file:') || esmRecordOf(url) || handled.has(url)) continue;
    // import-in-the-middle's wrapper of a module: V8 lists the module itself too.
    if (wrappedModuleUrl(url) !== undefined) continue;
    const path = fileURLToPath(url);
    if (files.includes(fileKey(url)) && !requireCache[path]) {
      noteEvaluated(evaluated, fileKey(url), url);
      continue;
    }
    // Outside node_modules, a package hooks name by its name: a linked one (a workspace
    // package), whose real folder Node loads it from. A pattern selects the program's own
    // files by their paths, not by their package's name.
    const installed = path.includes(nodeModulesMarker);
    if (!installed && packages.size === 0) continue;
    // A linked package is named as it is installed (an alias: `node_modules/aliased` links to
    // the store's `realname`); another, by its package.json, whose `type` is the nearest one's
    // (`dist/esm/package.json` of a dual package).
    const linked = packages.size > 0 ? linkedPackageOf(path, linkedPackages()) : undefined;
    const name = linked?.name ?? namedPackageOf(path)?.name;
    if (!name || !(packages.has(name) || (patterns && installed))) continue;
    // The hook selects the file by a name it is imported by (`chalk`, `pkg/sub`): another file
    // of the package (`pkg/sub` of a hook on `pkg`, one the entry imports) is not what it names.
    const names = linked ? namesInPackage(linked, path) : importNamesOf(path, () => true);
    const specifier = names.find(
      (n) => hook.matcher.names.includes(n) || registry.hooksFor(n).includes(hook),
    );
    if (specifier === undefined || evaluated.has(specifier) || !ranAsEsm(path)) continue;
    noteEvaluated(evaluated, specifier, url);
  }
}

/**
 * The scripts V8 listed for the last late hook, while that answer still holds: until the
 * synchronous run of code that asked ends (hooks a setup file adds one after another share it),
 * unless a require comes in between. Nothing else loads an ES module within such a run: Node
 * links and compiles an imported one in jobs of its own, after the run; a require can load one
 * (require(esm)) and its imports on the spot. Asking V8 costs 8 ms after 300 ES modules.
 */
let lastScripts: { readonly urls: readonly string[]; readonly requires: number } | undefined;
/** Requires made so far: a late hook's list of scripts is asked again after one. */
let requiresMade = 0;

/** A require is made (hookline's Module._load): what it loads may be an ES module. */
export function requireMade(): void {
  requiresMade += 1;
}

function scriptsThisRun(): readonly string[] {
  if (lastScripts?.requires === requiresMade) return lastScripts.urls;
  if (lastScripts === undefined) {
    queueMicrotask(() => {
      lastScripts = undefined;
    });
  }
  lastScripts = { urls: loadedScriptUrls(), requires: requiresMade };
  return lastScripts.urls;
}

/** An ES module a late hook selects has loaded already: the first of each name is kept. */
function noteEvaluated(evaluated: Map<string, string>, specifier: string, url: string): void {
  if (!evaluated.has(specifier)) evaluated.set(specifier, url);
}

/**
 * Where a hook goes to come before an ES module loads. Not "before the import that loads it": a
 * hook added by a file imported first comes after every static import of its importer has loaded.
 */
const BEFORE_IT_LOADS =
  'in a preload (node --import ./hooks.js app.js, or HOOKLINE_PRELOAD=./hooks.js with --import hookline/register)';

/**
 * Why an ES module that has loaded cannot change, true whether or not it has run yet: hookline
 * knows a module loaded, not whether it ran. One a program imports after the module that adds the
 * hook (`import './setup.js'; import 'pkg'`) has loaded and not run.
 */
const LOADED_CANNOT_CHANGE =
  "an ES module's exports cannot change once it has loaded, even before it runs (the static imports of a module all load before any of them runs)";

/**
 * One warning for the ES modules (name → URL) a late hook selects that have loaded already,
 * which no hook can change any more (a pattern or a list may select many): in the order the hook
 * names them, then as found (V8 lists scripts in no fixed order).
 */
export function warnEvaluated(
  matcher: CompiledMatcher,
  evaluated: ReadonlyMap<string, string>,
): void {
  const hookText = matcher.text;
  const rank = (name: string) => {
    const at = matcher.names.indexOf(name);
    return at === -1 ? matcher.names.length : at;
  };
  const loaded = [...evaluated].sort(([a], [b]) => rank(a) - rank(b));
  const [first] = loaded;
  if (first === undefined) return;
  const [specifier, url] = first;
  if (loaded.length === 1) {
    const named = specifier.startsWith('file:') ? hookText : specifier;
    warn(
      `onImport("${named}"): ${url} was already loaded as an ES module, and ${LOADED_CANNOT_CHANGE}. Add the hook before it loads: ${BEFORE_IT_LOADS}, or load the module with import() after adding the hook`,
    );
    return;
  }
  const modules = loaded.map(([name, at]) => `"${name}" (${at})`);
  warn(
    `onImport(${JSON.stringify(hookText)}): ${listed(modules, 4)} were already loaded as ES modules, and ${LOADED_CANNOT_CHANGE}. Add the hook before they load: ${BEFORE_IT_LOADS}, or load the modules with import() after adding the hook`,
  );
}

const records = new Map<string, EsmRecord>();
function esmRecordOf(url: string): EsmRecord | undefined {
  return records.get(url);
}

/** The object generated code reaches through `globalThis[Symbol.for(RUNTIME_KEY)]`. */
export function installRuntime(): void {
  const key = Symbol.for(RUNTIME_KEY);
  if ((globalThis as Record<symbol, unknown>)[key]) return;
  setEvaluatedListener((record, specifiers) => {
    copyLoaded(record.url);
    records.set(record.url, record);
    const hooks = new Set<ImportHook>();
    for (const specifier of specifiers)
      for (const hook of registry.hooksFor(specifier)) hooks.add(hook);
    if (hooks.size > 0) {
      applyToEsm(record, [...hooks], importInfo(record.url, 'module', specifiers[0] ?? record.url));
    }
  });
  Object.defineProperty(globalThis, key, {
    value: Object.freeze({
      evaluated: (...args: Parameters<typeof evaluated>) => {
        try {
          evaluated(...args);
        } catch (error) {
          warn(`hookline could not hook ${args[0]}; it loads unpatched`, error);
        }
      },
      mockExports,
      mockModuleRuns,
      mockRequired,
      requireImportedCommonJs,
    }),
  });
  debug('modules runtime installed');
}

/** The exports of a mock, making them from its factory on first use. */
export function mockExports(id: number): unknown {
  const entry = registry.mocksById.get(id);
  if (!entry) {
    // Node resolved an import to the mock, and the test undid it before the module loaded.
    throw new Error(
      `hookline: an import resolved to a mock (hookline:mock/${id}) that was undone before its module loaded. Undo a mock once the imports made while it is in force have been awaited.`,
    );
  }
  noteApplied(entry);
  if (!entry.value) {
    entry.building = true;
    try {
      entry.value = { exports: entry.make() };
    } finally {
      entry.building = false;
    }
  }
  return entry.value.exports;
}

/**
 * What `require()` of a mock gets: the mock itself, but for a JSON file's, its `default` key where
 * it has one. That is the data, which an import's default export gets too, and which `require`
 * of the file gives: `mockModule('./settings.json', { default: { a: 1 } })` serves both alike.
 */
export function mockRequired(id: number): unknown {
  const exports = mockExports(id);
  const specifier = registry.mocksById.get(id)?.specifier;
  return mocksJson(specifier) && hasOwnDefault(exports) ? exports.default : exports;
}

function hasOwnDefault(value: unknown): value is { default: unknown } {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'default');
}

/**
 * Before an import of `names` from a mock links (`import { a, b } from 'pkg'`): the message of the
 * SyntaxError it must fail with where the mock lacks some of them, or `undefined`. Makes the
 * exports, as the module's load right after would; an undone mock is left to Node.
 */
export function lackingMockExports(
  id: number,
  specifier: string,
  names: readonly string[],
  importer?: string,
): string | undefined {
  const entry = registry.mocksById.get(id);
  if (entry === undefined || entry.undone === true) return undefined;
  const has = new Set(['default', ...exportNames(mockExports(id))]);
  const lacking = [...new Set(names)].filter((name) => !has.has(name));
  if (lacking.length === 0) return undefined;
  return lackingExportsMessage(entry, specifier, lacking, [...has], importer);
}

/**
 * The exports of a mock for the ES module Node loaded for it (so {@link mockExports} ran once
 * already, for its names): kept until now even if the mock was undone in between.
 */
export function mockModuleLoaded(id: number): readonly string[] {
  adoptUndoneMock(id);
  const names = exportNames(mockExports(id));
  registry.mocksAwaitingEvaluation.add(id);
  return names;
}

/**
 * A mock undone after Node 20's loader thread resolved an import to it, and before it loaded
 * (the thread learns of the undo a moment later): that import gets it, as on Node 22.15+ and 24,
 * rather than failing. Kept again until its module runs.
 */
function adoptUndoneMock(id: number): void {
  if (registry.mocksById.has(id)) return;
  const entry = registry.undoneMocks.get(id)?.deref();
  if (entry === undefined) return;
  entry.undone = true;
  registry.mocksById.set(id, entry);
}

/** What the ES module standing for a mock runs: its exports, then the entry let go if undone. */
function mockModuleRuns(id: number): unknown {
  // Let go while it waited (many undone mocks waiting at once), and not collected yet: taken back.
  adoptUndoneMock(id);
  const exports = mockExports(id);
  registry.mockEvaluated(id);
  return exports;
}

/** Key of the maps of mocks and redirects. */
export { moduleKey };
