import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isModuleNamespace } from '../internal/errors.js';
import { listed } from '../internal/listed.js';
import { loadedScriptUrls } from '../internal/loaded-scripts.js';
import { internally } from '../internal/own-loads.js';
import { inNamedPackage, namedPackageOf, nodeModulesPackage } from '../internal/package-json.js';
import { warn } from '../internal/warning.js';
import { applyToCommonJs, applyToEsm } from './apply.js';
import {
  esmRecordOf,
  instrumentedEsmUrls,
  isReplacedCopy,
  loadedEsmUrls,
  seenModules,
  specifiersOf,
} from './dispatch.js';
import { ranAsEsm } from './esm-file.js';
import { fileKey, wrappedModuleUrl } from './file-key.js';
import {
  linkedNamed,
  linkedPackageOf,
  linkedPackages,
  nodeModulesMarker,
  packageNamed,
} from './hooked-package.js';
import { importInfo } from './info.js';
import { type CompiledMatcher, isBareSpecifier, packageNameOf } from './matcher.js';
import { isEsModuleFormat } from './module-format.js';
import { importNamesOf, namesInPackage } from './package-entry.js';
import { type ImportHook, registry } from './registry.js';

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
  for (const url of packages.size > 0 || patterns ? loadedEsmUrls() : []) {
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
  for (const url of new Set([...loadedEsmUrls(), ...instrumentedEsmUrls()])) {
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
