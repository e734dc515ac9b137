import { Module } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { debug } from '../../internal/debuglog.js';
import { readFileSync } from '../../internal/fs.js';
import { loadingInternally } from '../../internal/own-loads.js';
import { warn } from '../../internal/warning.js';
import { emitImport } from '../audit.js';
import {
  builtinLoading,
  esmLoaded,
  expectReexports,
  instrumentationFor,
  jsonImported,
  moduleKey,
  resolved,
  uninstrumentableLoaded,
  wasSeen,
} from '../dispatch.js';
import { ImporterSources, importerSite, isImporterSource } from '../esm/imported-names.js';
import { instrumentCached } from '../esm/instrument-cache.js';
import { importLinkError } from '../esm/link-error.js';
import { mocksCommonJsFile } from '../esm-file.js';
import { fileKey, unresolvedFileUrl, wrappedModuleUrl } from '../file-key.js';
import { commonJsLoading } from '../hooked-package.js';
import {
  type AttributeCheck,
  attributeCheck,
  mockAttributeCheck,
  mocksJson,
  naming,
} from '../import-attributes.js';
import { lackingMockExports, mockModuleLoaded } from '../mock-exports.js';
import { isEsModuleFormat, isUninstrumentableFormat } from '../module-format.js';
import { noteApplied } from '../never-ran.js';
import { asRequested, isOwnResolution } from '../own-resolution.js';
import { type RedirectEntry, registry } from '../registry.js';
import {
  folderSubpath,
  isInsideRoot,
  localCopyUrl,
  requireParentAt,
  resolvedOrFromRedirectBase,
} from '../replacement-imports.js';
import { claimRequire } from '../require-audit.js';
import {
  formatOf,
  fromProgram,
  jsonForRequire,
  loadSchemeSync,
  noteRequiredSchemeModule,
  noteSchemeImporter,
  resolveInScheme,
  schemeOf,
  schemeParent,
} from '../scheme.js';
import { moduleSourceText } from '../source-text.js';
import { noteImportedRewrite, sourceForRequireOfImported } from '../transform-imported.js';
import {
  matchingTransforms,
  noteTransformedCommonJs,
  rewriteSource,
  runTransforms,
  type SourceRewrite,
} from '../transform-source.js';
import type { ImportKind } from '../types.js';
import { MOCK_PREFIX, mockCommonJsSource, mockModuleSource } from '../virtual.js';
import { compilesHookedSource } from './commonjs.js';
import {
  addInThreadHooks,
  inEsmWindow,
  inThreadHooksActive,
  inThreadHooksOnTop,
  isImportCallUnderway,
} from './esm-windows.js';
import {
  isImportMetaResolve,
  learnImportMetaResolve,
  probeAnswer,
  probing,
} from './import-meta-resolve.js';

interface ResolveContext {
  conditions?: readonly string[];
  parentURL?: string | undefined;
  importAttributes?: Record<string, string>;
}
interface ResolveResult {
  url: string;
  format?: string | null | undefined;
  shortCircuit?: boolean;
}
interface LoadContext {
  conditions?: readonly string[];
  format?: string | null | undefined;
  importAttributes?: Record<string, string>;
}
interface LoadResult {
  format: string | null | undefined;
  source?: string | ArrayBuffer | Uint8Array | null | undefined;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => ResolveResult;
type NextLoad = (url: string, context?: LoadContext) => LoadResult;
/** `module.registerHooks`, as far as hookline uses it. */
export type RegisterHooks = (hooks: {
  resolve?: (s: string, c: ResolveContext, n: NextResolve) => ResolveResult;
  load?: (u: string, c: LoadContext, n: NextLoad) => LoadResult;
}) => { deregister(): void };

let resolveInstalled = false;
let loadInstalled = false;
let registerHooksOf: RegisterHooks | undefined;

/**
 * The in-thread resolve hook (Node 22.15+, 23.5+, 24): synchronous, on the main thread, seeing
 * `require`, `import` and `import()` alike. It dispatches to everything registered and only
 * calls through when nothing applies. Installed once, when a feature first needs it; registered
 * with Node only while ES modules load (esm-windows.ts).
 */
export function installInThreadResolve(registerHooks: RegisterHooks): void {
  if (resolveInstalled) return;
  resolveInstalled = true;
  addInThreadHooks(registerHooks, { resolve });
  debug('in-thread resolve hook installed (module.registerHooks)');
}

/**
 * Learns how Node asks the resolve hook for an `import.meta.resolve()`, once it is installed, so
 * that the audit leaves those out (see import-meta-resolve.ts).
 */
export function tellImportMetaResolveApart(): void {
  if (resolveInstalled) learnImportMetaResolve((probe) => inEsmWindow(probe));
}

/** The in-thread load hook: instruments, transforms and makes up module sources. */
export function installInThreadLoad(registerHooks: RegisterHooks): void {
  if (loadInstalled) return;
  loadInstalled = true;
  registerHooksOf = registerHooks;
  addInThreadHooks(registerHooks, { load });
  debug('in-thread load hook installed (module.registerHooks)');
}

/** Whether a feature installed the in-thread load hook (registered in ES module windows). */
export function inThreadLoadInstalled(): boolean {
  return loadInstalled;
}

/** Whether a feature installed the in-thread resolve hook (registered in ES module windows). */
export function inThreadResolveInstalled(): boolean {
  return resolveInstalled;
}

/**
 * Whether the in-thread load hook sees sources now, those of ES modules loaded by require too
 * (see esm-windows.ts): else the CommonJS loader's wrapper handles what `require` compiles.
 */
export function inThreadLoadActive(): boolean {
  return loadInstalled && inThreadHooksActive();
}

/**
 * Whether the in-thread resolve hook sees every resolution now, `require`'s too (see
 * esm-windows.ts): else the wrapped CommonJS loader reports and redirects requires.
 */
export function inThreadResolveActive(): boolean {
  return resolveInstalled && inThreadHooksActive();
}

function kindOf(specifier: string, context: ResolveContext, viaRequire: boolean): ImportKind {
  if (viaRequire) return 'require';
  // The entry point is loaded through import() internally, but nobody wrote that import().
  if (context.parentURL === undefined) return 'import';
  return isImportCallUnderway(context.parentURL, specifier) ? 'dynamic-import' : 'import';
}

function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): ResolveResult {
  if (probing) {
    const answer = probeAnswer(specifier, context.importAttributes);
    if (answer) return answer;
  }
  // Node's chain merges the context a hook passes on into the one it gave that hook: resolving
  // from another parent (a scheme module's program file, a redirect's base) would make that
  // parent this import's importer, for the audit and the hooks. They read a copy.
  if (registry.schemes.size > 0 || registry.redirects.size > 0) context = { ...context };
  if (registry.schemes.size > 0) {
    // An ES module required from a scheme runs under a file: URL; its imports are the scheme's.
    const parentURL = schemeParent(context.parentURL);
    context.parentURL = parentURL;
    const fromScheme = parentURL !== undefined && schemeOf(parentURL) !== undefined;
    const inScheme = fromScheme ? resolveInScheme(specifier, parentURL) : undefined;
    const url = inScheme ?? (schemeOf(specifier) ? specifier : undefined);
    if (url) {
      // A mock of a scheme's module stands in for it, as for any other.
      const mock = registry.mocks.size > 0 ? registry.mocks.get(moduleKey(specifier)) : undefined;
      if (mock && !mock.building) return done(specifier, context, mockResult(mock.id, context));
      noteSchemeImporter(url, parentURL);
      if (context.conditions?.includes('require')) noteRequiredSchemeModule(url);
      return done(specifier, context, { url, shortCircuit: true });
    }
    if (fromScheme)
      return resolveHooked(specifier, context, fromProgram(specifier, parentURL, nextResolve));
  }
  return resolveHooked(specifier, context, nextResolve);
}

/** Mocks, redirects, then Node's resolution; reported to hooks and the audit. */
function resolveHooked(
  specifier: string,
  context: ResolveContext,
  nodeResolve: NextResolve,
): ResolveResult {
  // hookline's own look-ups see modules as Node would resolve them, without mocks or redirects.
  if (loadingInternally()) return nodeResolve(specifier, context);
  if (registry.mocks.size > 0) {
    const key = moduleKey(specifier);
    const mock = registry.mocks.get(key);
    if (mock && !mock.building) {
      return done(specifier, context, checkedMockResult(mock.id, key, specifier, context));
    }
  }
  const nextResolve = registry.redirects.size > 0 ? orFromRedirectBase(nodeResolve) : nodeResolve;
  let result: ResolveResult | undefined;
  if (registry.redirects.size > 0) {
    const redirect = registry.redirects.get(moduleKey(specifier));
    if (redirect) result = redirectResult(redirect, context, nextResolve);
    else result = folderSubpathResult(specifier, context, nextResolve);
  }
  if (!result && (registry.mocksByFile || registry.redirectsByFile)) {
    return done(specifier, context, resolveByFile(specifier, context, nextResolve));
  }
  result ??= nextResolve(specifier, context);
  return done(specifier, context, result);
}

/**
 * Node's resolution; a package that a redirect's local copy does not find beside it resolves as
 * from where the redirect was declared (see replacement-imports.ts).
 */
function orFromRedirectBase(nextResolve: NextResolve): NextResolve {
  return (specifier, context) =>
    resolvedOrFromRedirectBase(
      () => nextResolve(specifier, context),
      specifier,
      context?.parentURL,
      registry.redirects.values(),
      (base): ResolveResult =>
        // require() resolves from its parent module, whatever the context says.
        context?.conditions?.includes('require')
          ? { url: pathToFileURL(requireFrom(base, specifier)).href }
          : nextResolve(specifier, { ...context, parentURL: base }),
    );
}

/** The file `require(specifier)` gets from `base` (hookline's own wrapper passes it through). */
function requireFrom(base: string, specifier: string): string {
  const statics = Module as unknown as {
    _resolveFilename(request: string, parent: unknown, isMain: boolean): string;
  };
  return statics._resolveFilename(specifier, requireParentAt(base), false);
}

/**
 * Where mocks or redirects name modules by their file (`mockModule('./conf.js')`): the import
 * resolves as it would, and the file it resolves to decides, whoever imports it and by whatever
 * relative path. A file that does not exist can be mocked too.
 */
function resolveByFile(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): ResolveResult {
  let result: ResolveResult;
  try {
    result = nextResolve(specifier, context);
  } catch (error) {
    const url = unresolvedFileUrl(specifier, context.parentURL);
    const mock = url === undefined ? undefined : registry.mocks.get(url);
    if (url && mock && !mock.building) return checkedMockResult(mock.id, url, specifier, context);
    throw error;
  }
  if (!result.url.startsWith('file:')) return result;
  const key = fileKey(result.url);
  const mock = registry.mocks.get(key);
  if (mock && !mock.building) return checkedMockResult(mock.id, key, specifier, context);
  const redirect = registry.redirects.get(key);
  return (redirect && redirectResult(redirect, context, nextResolve)) ?? result;
}

/** The ES modules loaded while mocks are in force, for the names their imports take from one. */
const importerSources = new ImporterSources();

/**
 * A mock's resolution for an import; one whose importer statically imports names the mock lacks
 * fails here, with the SyntaxError linking would throw, told that the module is a mock.
 */
function checkedMockResult(
  id: number,
  key: string,
  specifier: string,
  context: ResolveContext,
): ResolveResult {
  if (context.conditions?.includes('require') !== true && !mocksJson(key)) {
    const parentURL = context.parentURL;
    const taken = importerSources.takeNames(parentURL, specifier);
    const site = taken && parentURL ? importerSite(parentURL, taken) : undefined;
    const message =
      taken && site ? lackingMockExports(id, specifier, taken.names, site) : undefined;
    if (message !== undefined && site) throw importLinkError(message, site);
  }
  return mockResult(id, context);
}

function mockResult(id: number, context: ResolveContext): ResolveResult {
  const viaRequire = context.conditions?.includes('require') === true;
  return {
    url: `${MOCK_PREFIX}${id}${viaRequire ? '?require' : ''}`,
    format: viaRequire ? 'commonjs' : 'module',
    shortCircuit: true,
  };
}

/** The local copy, unless the importer is that copy itself (which may import the original). */
function redirectResult(
  redirect: RedirectEntry,
  context: ResolveContext,
  nextResolve: NextResolve,
): ResolveResult | undefined {
  const parentURL = context.parentURL;
  const parentPath = parentURL?.startsWith('file:') ? fileURLToPath(parentURL) : undefined;
  if (isInsideRoot(parentPath, redirect.root)) return undefined;
  noteApplied(redirect);
  // require() resolves paths, import() URLs.
  const viaRequire = context.conditions?.includes('require') === true;
  return nextResolve(
    viaRequire
      ? fileURLToPath(localCopyUrl(redirect.requireUrl, redirect, 'require'))
      : localCopyUrl(redirect.url, redirect, 'import'),
    context,
  );
}

/** A subpath of a package redirected to a package folder: the folder's own (see folderSubpath). */
function folderSubpathResult(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): ResolveResult | undefined {
  const viaRequire = context.conditions?.includes('require') === true;
  const found = folderSubpath(specifier, registry.redirects, viaRequire ? 'require' : 'import');
  if (found === undefined) return undefined;
  const parentURL = context.parentURL;
  const parentPath = parentURL?.startsWith('file:') ? fileURLToPath(parentURL) : undefined;
  if (isInsideRoot(parentPath, found.redirect.root)) return undefined;
  noteApplied(found.redirect);
  return nextResolve(viaRequire ? found.path : pathToFileURL(found.path).href, context);
}

function done(request: string, context: ResolveContext, result: ResolveResult): ResolveResult {
  if (registry.mocks.size > 0) importerSources.noteResolved(context.parentURL, request);
  if (isOwnResolution(request, context.parentURL)) return result;
  // import-in-the-middle's wrapper importing the module it wraps, and its own runtime: not the
  // program's imports. The program's import of the module is told with the module's URL.
  if (context.parentURL !== undefined && wrappedModuleUrl(context.parentURL) !== undefined) {
    return result;
  }
  // A require that was sent to a redirect's local copy is reported as the program wrote it.
  const specifier = asRequested(request);
  const viaRequire = context.conditions?.includes('require') === true;
  let reported = false;
  try {
    // A require is reported here when it is the require under way (then the wrapped Module._load
    // does not report it again). Other resolutions with require's conditions load nothing:
    // require.resolve, and Node reading a CommonJS module's re-exports for an import's names.
    // Nor does an import.meta.resolve().
    reported =
      registry.auditors.size > 0 &&
      !isImportMetaResolve(context.importAttributes, context.parentURL) &&
      (!viaRequire || claimRequire(request, result.url));
    // With no parent, a require() is either the entry point or Node evaluating a CommonJS module
    // that an import already resolved: the latter is not a request of the program's. Asked before
    // this resolution is recorded, and only of one to report (the look-up is not free).
    const evaluatingImported =
      reported && viaRequire && context.parentURL === undefined && wasSeen(result.url);
    if (evaluatingImported) reported = false;
    resolved(specifier, context.parentURL, result.url, result.format, viaRequire);
  } catch (error) {
    warn(`hookline failed while ${specifier} resolved; the import goes on unhooked`, error);
  }
  // Outside the bookkeeping's catch: an audit policy's denial fails the import.
  if (reported) {
    const url = wrappedModuleUrl(result.url) ?? result.url;
    emitImport(specifier, url, context.parentURL, kindOf(specifier, context, viaRequire));
  }
  return result;
}

function load(url: string, context: LoadContext, nextLoad: NextLoad): LoadResult {
  const result = loadHooked(url, context, nextLoad);
  // Only while mocks are in force: what its imports of a mock take is read from it then.
  if (
    registry.mocks.size > 0 &&
    isImporterSource(url, result.format, inThreadHooksOnTop()) &&
    !url.startsWith(MOCK_PREFIX)
  ) {
    importerSources.remember(url, result.source);
  }
  return result;
}

/**
 * An ES module that `require()` compiles while mocks are in force (`content`, as Node compiles
 * it): kept for the names its imports take from a mock, which resolve through the in-thread
 * hooks next. Its own load passed the in-thread load hook only inside a window (see
 * esm-windows.ts), and `require` reads it outside one.
 */
export function rememberRequiredImporter(filename: string, content: string, format: string): void {
  const url = pathToFileURL(filename).href;
  if (isImporterSource(url, format, inThreadHooksOnTop())) importerSources.remember(url, content);
}

function loadHooked(url: string, context: LoadContext, nextLoad: NextLoad): LoadResult {
  if (url.startsWith('node:')) {
    if (registry.patternHooks.size > 0) builtinLoading(url);
    return nextLoad(url, context);
  }
  if (url.startsWith(MOCK_PREFIX)) {
    const id = Number.parseInt(url.slice(MOCK_PREFIX.length), 10);
    if (url.endsWith('?require')) {
      return { format: 'commonjs', source: mockCommonJsSource(id), shortCircuit: true };
    }
    const key = mockKey(id);
    if (key !== undefined) {
      checkAttributes(mockAttributeCheck(key, context.importAttributes), key, context, nextLoad);
    }
    // A JSON module's only export is its default: so is a mock's of one.
    const exportsNames = mockModuleLoaded(id);
    const names = mocksJson(key) ? [] : exportsNames;
    const source = mockModuleSource(id, names, mocksCommonJsFile(key));
    return { format: 'module', source, shortCircuit: true };
  }
  const scheme = schemeOf(url);
  if (scheme && !scheme.async) {
    const viaRequire = context.conditions?.includes('require') === true;
    const module = loadSchemeSync(scheme, url, viaRequire ? 'require' : 'import');
    const loaded = { format: formatOf(url, module), source: module.source, shortCircuit: true };
    if (viaRequire && loaded.format === 'json' && !url.endsWith('.json')) {
      return jsonForRequire(url, module.source);
    }
    // A require has no attributes to check: it takes JSON as it is.
    if (!viaRequire) {
      const check = attributeCheck(loaded.format === 'json', context.importAttributes);
      checkAttributes(check, url, context, nextLoad);
    }
    if (!viaRequire && loaded.format === 'json' && registry.importHooks.size > 0) {
      return { ...loaded, source: jsonImported(url, moduleSourceText(module.source)) };
    }
    // Transformed and instrumented as a file's module is.
    return isEsModuleFormat(loaded.format) ? hookedModule(url, loaded, viaRequire) : loaded;
  }
  const result = nextLoad(url, context);
  // import-in-the-middle's wrapper of a module: the module itself is hooked as it loads.
  if (wrappedModuleUrl(url) !== undefined) return result;
  if (result.format === 'commonjs') {
    commonJsLoading(url);
    // An import's load of it (a require's is transformed where it compiles).
    if (registry.transforms.size > 0 && context.conditions?.includes('require') !== true) {
      return importedCommonJs(url, result);
    }
  }
  if (isUninstrumentableFormat(result.format)) uninstrumentableLoaded(url, String(result.format));
  // A JSON file an import loads (require's are handed over as they are parsed).
  if (
    result.format === 'json' &&
    registry.importHooks.size > 0 &&
    result.source != null &&
    context.conditions?.includes('require') !== true
  ) {
    return { ...result, source: jsonImported(url, moduleSourceText(result.source)) };
  }
  // TypeScript is instrumented too: the lexer reads it, and what instrumenting writes is valid in
  // both languages.
  if (!isEsModuleFormat(result.format) || result.source == null) return result;
  return hookedModule(url, result, context.conditions?.includes('require') === true);
}

/**
 * A CommonJS module an import loads, after the transforms that select it: Node reads the names
 * of its exports from this source (a transform that adds `exports.x` adds the named export), and
 * compiles it, through `module._compile`, which does not run them again.
 */
function importedCommonJs(url: string, result: LoadResult): LoadResult {
  // Under a query, the module is the file's (Node keys CommonJS modules by path): transformed
  // where it compiles, with the URL it has there.
  if (!url.startsWith('file:') || url.includes('?') || url.includes('#')) return result;
  if (!compilesHookedSource()) return result;
  const transforms = matchingTransforms(url);
  if (transforms.length === 0 || requiredBefore(url)) return result;
  // A loader may leave the source for Node's CommonJS loader to read (Yarn Plug'n'Play's does, for
  // files in its zip archives): read here, through the same fs, so that Node takes the export
  // names from what the transforms return.
  const original = result.source ?? readFileSync(fileURLToPath(url));
  // Only a load Node calls `commonjs` comes here: JavaScript (`commonjs-typescript` is
  // transformed where it compiles).
  const info = { url, format: 'commonjs', typeScript: false } as const;
  const source = runTransforms(moduleSourceText(original), info, transforms);
  noteTransformedCommonJs(url, source);
  return { ...result, source };
}

/**
 * Whether a require loaded the CommonJS module at `url` before: an import of it gets the module
 * the require made, and the transforms ran on it then.
 */
function requiredBefore(url: string): boolean {
  const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
  return cache[fileURLToPath(url)] !== undefined;
}

/** Node's check of an import's attributes on a stand-in; its error names the module, `name`. */
function checkAttributes(
  check: AttributeCheck | undefined,
  name: string,
  context: LoadContext,
  nextLoad: NextLoad,
): void {
  if (!check) return;
  try {
    nextLoad(check.url, { ...context, format: check.format });
  } catch (error) {
    throw naming(error, check, name);
  }
}

/** The key (file URL or specifier) a mock was declared under. */
function mockKey(id: number): string | undefined {
  for (const [key, entry] of registry.mocks) if (entry.id === id) return key;
  return registry.mocksById.get(id)?.specifier;
}

/** An ES module as the hooks that select it want it: transformed, instrumented. */
function hookedModule(url: string, result: LoadResult, viaRequire: boolean): LoadResult {
  esmLoaded(url);
  try {
    return transformModule(url, result, viaRequire);
  } catch (error) {
    warn(`hookline could not hook ${url}; it loads unpatched`, error);
    return result;
  }
}

function transformModule(url: string, result: LoadResult, viaRequire: boolean): LoadResult {
  const specifiers = instrumentationFor(url);
  const transforms = registry.transforms.size > 0 ? matchingTransforms(url) : [];
  if (!specifiers && transforms.length === 0) return result;
  let source = moduleSourceText(result.source as string | Uint8Array);
  let rewrite: SourceRewrite | undefined;
  if (transforms.length > 0) {
    // A require of a module an import loaded: Node reads its source again, and uses the module
    // the import made.
    const again = viaRequire ? sourceForRequireOfImported(url, transforms, source) : undefined;
    if (again !== undefined) return { ...result, source: again };
    const typeScript = result.format === 'module-typescript';
    rewrite = rewriteSource(source, { url, format: 'module', typeScript }, transforms);
    source = rewrite.code;
  }
  if (specifiers) {
    const instrumented = instrumentCached(source, url, specifiers);
    if (instrumented) {
      const needResolve = expectReexports(url, instrumented.reexportSources);
      // Re-exports from packages are known once they resolve, which happens after this load:
      // a resolve hook installed now sees them.
      if (needResolve && registerHooksOf) installInThreadResolve(registerHooksOf);
      source = instrumented.code;
    }
  }
  if (rewrite && !viaRequire) noteImportedRewrite(url, transforms, rewrite, source);
  return { ...result, source };
}
