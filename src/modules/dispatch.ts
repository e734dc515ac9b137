import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileUrlOf } from '../internal/file-url.js';
import { ownRequire } from '../internal/lazy-require.js';
import { addToSetMap } from '../internal/set-map.js';
import { warn } from '../internal/warning.js';
import { applyToCommonJs } from './apply.js';
import { flushEarlierEvents } from './audit.js';
import { builtinRequested } from './builtin-hooks.js';
import type { EsmRecord } from './esm/runtime.js';
import { fileKey, unresolvedFileUrl, wrappedModuleUrl } from './file-key.js';
import {
  hookedPackageOf,
  type LinkedPackage,
  linkedPackages,
  resolvedLinked,
} from './hooked-package.js';
import { importInfo } from './info.js';
import { type CjsModule, M } from './loaders/cjs-module.js';
import { moduleKey } from './matcher.js';
import {
  isEsModuleFormat,
  isUninstrumentableFormat,
  uninstrumentableMessage,
} from './module-format.js';
import { hookedNamesByPlace, namesInPackage } from './package-entry.js';
import { type ImportHook, registry } from './registry.js';
import { isJsonRequiredAsCommonJs, schemeOf } from './scheme.js';

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
export function seenModules(): Map<string, SeenModule> {
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

export function specifiersOf(entry: SeenModule): Iterable<string> {
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
  // A scheme's module is named by its URL too (`repo:team/util.cjs`, reached as `./util.cjs`).
  if (
    registry.schemes.size > 0 &&
    url !== specifier &&
    registry.hooksByName.has(url) &&
    schemeOf(url) !== undefined
  ) {
    resolved(url, parentURL, url, format, viaRequire);
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
export function isReplacedCopy(url: string): boolean {
  const key = fileKey(url);
  return key !== url && newestCopies.get(key) !== url;
}

const records = new Map<string, EsmRecord>();
export function esmRecordOf(url: string): EsmRecord | undefined {
  return records.get(url);
}

/**
 * An instrumented ES module has evaluated: its record is kept, for hooks added after. Its copy is
 * noted first: {@link copyLoaded} passes over a module whose record is kept.
 */
export function esmEvaluated(record: EsmRecord): void {
  copyLoaded(record.url);
  records.set(record.url, record);
}

/** The ES modules the in-thread load hook saw load: the set itself, not a snapshot. */
export function loadedEsmUrls(): ReadonlySet<string> {
  return loadedEsm;
}

/** The ES modules hookline instrumented that have evaluated. */
export function instrumentedEsmUrls(): IterableIterator<string> {
  return records.keys();
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
  if (format === 'commonjs' && isJsonRequiredAsCommonJs(filename)) format = 'json';
  applyToCommonJs(module, selected.hooks, importInfo(filename, format, selected.specifier));
}

/**
 * A JSON file that an import (`with { type: 'json' }`) loads, selected by a hook: the hooks get
 * the parsed value, as a required one's do. A file's (without a query) is put in require's cache
 * as a loaded module, which Node's import takes rather than parse the source again: the importer
 * gets the very object the hooks changed, so that undoing them restores it, and `require` gets it
 * too, as it would have. Elsewhere (a scheme's, a URL with a query: Node does not share those)
 * what the hooks leave is the module's new source: the source as it was when no hook selects it,
 * or when what they leave is not JSON (warned).
 */
export function jsonImported(url: string, source: string): string {
  flushEarlierEvents();
  // A scheme's JSON module is known by its URL, in require's cache too; its format was not known
  // as it resolved (Node 20's loader thread takes it for an ES module's): the specifiers that
  // selected it then select it now.
  const isFile = url.startsWith('file:');
  const filename = isFile ? fileURLToPath(url) : url;
  if (!isFile)
    for (const specifier of esmRoots.get(url) ?? []) addToSetMap(commonJsMarks, url, specifier);
  // Required already (require's cache is the program's, one per process): Node gives the import
  // the exports require got (hooked then), not this source.
  const cache = ownRequire().cache as Record<string, CjsModule | undefined>;
  if (cache[filename]?.loaded === true) return source;
  const selected = hooksSelectingFile(filename);
  if (selected === undefined) return source;
  const shared = isFile && !url.includes('?');
  const module = shared ? cachedJsonModule(filename) : { exports: undefined as unknown };
  module.exports = JSON.parse(source) as unknown;
  if (shared) cache[filename] = module as CjsModule;
  try {
    applyToCommonJs(module, selected.hooks, importInfo(filename, 'json', selected.specifier));
  } finally {
    if (shared) (module as CjsModule).loaded = true;
  }
  if (shared) return source;
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

/** A module of require's for a JSON file, as `require` would have made it. */
function cachedJsonModule(filename: string): CjsModule {
  const module = new M(filename, null);
  module.filename = filename;
  module.paths = M._nodeModulePaths(dirname(filename));
  return module;
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
  return { hooks: registry.inAddedOrder(found), specifier: specifier ?? filename };
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

/** Key of the maps of mocks and redirects. */
export { moduleKey };
