import { createRequire, isBuiltin, Module } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModule } from '../../internal/captured.js';
import { debug } from '../../internal/debuglog.js';
import { isModuleNamespace } from '../../internal/errors.js';
import { fileUrlOf } from '../../internal/file-url.js';
import { internally, loadingInternally } from '../../internal/own-loads.js';
import { nodeModulesPackage } from '../../internal/package-json.js';
import { warn } from '../../internal/warning.js';
import { requireMade } from '../apply-to-loaded.js';
import { emitImport, entryImported } from '../audit.js';
import { builtinRequested } from '../builtin-hooks.js';
import {
  commonJsEvaluated,
  expectReexports,
  instrumentationFor,
  maySelectRequired,
  moduleKey,
  resolved,
} from '../dispatch.js';
import { instrumentCached } from '../esm/instrument-cache.js';
import { hasModuleSyntax } from '../esm/module-syntax.js';
import { unresolvedFileUrl } from '../file-key.js';
import { hasInThreadHooks } from '../install.js';
import { mockRequired } from '../mock-exports.js';
import { isEsModuleFormat } from '../module-format.js';
import { noteApplied } from '../never-ran.js';
import { asRequested, isOwnResolution, loadingInstead } from '../own-resolution.js';
import { inPnpArchive } from '../pnp-package.js';
import { type MockEntry, registry } from '../registry.js';
import {
  folderSubpath,
  isInsideRoot,
  localCopyUrl,
  requireParentAt,
  resolvedOrFromRedirectBase,
} from '../replacement-imports.js';
import {
  enterRequire,
  isUnclaimedRequire,
  leaveRequire,
  reportedRequire,
} from '../require-audit.js';
import {
  formatOf,
  loadSchemeSync,
  noteSchemeImporter,
  programFolder,
  resolveInScheme,
  schemeOf,
  setSchemeRequireForImport,
  takeImportedCommonJs,
} from '../scheme.js';
import { sourceText } from '../source-text.js';
import {
  explainCommonJsError,
  explainEsModuleError,
  explainFormatChange,
  explainThrownInRewritten,
  rewriteMark,
} from '../transform-errors.js';
import { sourceForRequireOfImported } from '../transform-imported.js';
import { matchingTransforms, runTransforms, transformedForImport } from '../transform-source.js';
import {
  commonJsCompiling,
  inEsmWindow,
  inFormatWindow,
  requireStarting,
  windowClosed,
} from './esm-windows.js';
import {
  inThreadLoadActive,
  inThreadResolveActive,
  rememberRequiredImporter,
} from './in-thread.js';
import { importsWatched, noteImportsUnseen, warnOfUnseenImports } from './required-esm-imports.js';

interface CjsModule {
  exports: unknown;
  filename: string;
  id: string;
  path: string;
  paths: string[];
  loaded: boolean;
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
  require(id: string): unknown;
}
interface ModuleStatics {
  _load(
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
    ...rest: unknown[]
  ): unknown;
  _resolveFilename(
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
    options?: unknown,
  ): string;
  _cache: Record<string, CjsModule | undefined>;
  _extensions: Record<string, ((module: CjsModule, filename: string) => void) | undefined>;
  _nodeModulePaths(from: string): string[];
  new (id: string, parent?: CjsModule | null): CjsModule;
  prototype: CjsModule;
}

const M = Module as unknown as ModuleStatics;

/**
 * Wraps `Module.prototype._compile`, the one place every CommonJS module's source passes on its
 * way to evaluation (for `require`, `createRequire` and `import` of CommonJS alike, on every
 * Node version): transforms run before it, `onImport` handlers right after the module's body.
 */
export function installCommonJsCompile(): void {
  const compile = M.prototype._compile;
  const inThreadHooksExist = hasInThreadHooks();
  M.prototype._compile = function hooklineCompile(
    this: CjsModule,
    content: string,
    filename: string,
    ...rest: unknown[]
  ) {
    // The rewrites made from here on are this load's: an ES module's compile error is one of them.
    const since = rewriteMark();
    try {
      if (pendingMark !== undefined) markUnresolved(filename);
      commonJsCompiling(this);
      // require() of an ES module passes it here too (format "module", or "module-typescript" for
      // a .mts, Node 20.19+/22+). Where the in-thread load hook was registered as Node read it, it
      // has seen the source already; else (Node 20, whose loader thread does not see require, or
      // outside the windows of esm-windows.ts) a hooked ES module is transformed and instrumented
      // here, and what it imports loads inside a window.
      if (isEsModuleFormat(rest[0] as string | undefined)) {
        if (!inThreadLoadActive() && typeof content === 'string') {
          content = transformed(content, filename, 'module');
          if (!hasInThreadHooks()) warnOfUnseenImports(content, filename);
          if (registry.importHooks.size > 0) content = instrumentRequiredModule(content, filename);
        }
        // Its imports of a mock resolve through the in-thread hooks (Node 22.15+/24), which ask
        // what names it takes: from this source, the one Node compiles.
        if (registry.mocks.size > 0 && inThreadHooksExist && typeof content === 'string') {
          rememberRequiredImporter(filename, content, rest[0] as string);
        }
        return inEsmWindow(() => compile.call(this, content, filename, ...rest));
      }
      // hookline's own loads (a lazily required parser) are neither transformed nor handed over.
      if (loadingInternally()) return compile.call(this, content, filename, ...rest);
      if (registry.schemes.size > 0) lookFromProgram(this);
      // No format (a `.js` file whose package.json has no "type"; "typescript" for such a `.ts`,
      // which Node strips of its types first): Node decides inside this call, from its syntax,
      // whether it is an ES module. hookline asks the same only of a file a transform or a hook
      // selects.
      const unknownFormat = rest[0] === undefined || rest[0] === 'typescript';
      if (typeof content === 'string') {
        content = transformed(content, filename, unknownFormat ? 'detect' : 'commonjs');
      }
      if (unknownFormat && typeof content === 'string') {
        const detected = detectedModule(content, filename);
        if (detected !== undefined) {
          return inEsmWindow(() => compile.call(this, detected, filename, ...rest));
        }
      }
      // No format: Node may find it an ES module inside this call, and load what it imports there.
      const result =
        unknownFormat && windowClosed()
          ? inFormatWindow(this, () => compile.call(this, content, filename, ...rest))
          : compile.call(this, content, filename, ...rest);
      // Node made it an ES module by its syntax, one no hook selected: on Node 20 its imports were
      // hidden from the hooks. Told after the fact, so that no CommonJS module is read for it.
      const ranAsEsm = unknownFormat && ranAsEsModule(this);
      if (ranAsEsm && !inThreadHooksExist && importsWatched()) {
        if (typeof content === 'string') warnOfUnseenImports(content, filename, true);
      }
      // Its exports are its namespace, which no CommonJS handler can assign to: an ES module is
      // handed over as one (instrumented above when a hook selected it).
      if (registry.importHooks.size > 0 && !ranAsEsm) {
        try {
          commonJsEvaluated(this, filename);
        } catch (error) {
          warn(`hookline failed after ${filename} loaded; it stays unpatched`, error);
        }
      }
      // Set once its body (and every require in it) has run: see handOverUncompiled.
      lastCompiled = this;
      return result;
    } catch (error) {
      // The program fails as it would have; a transformed module's SyntaxError says so.
      if (registry.transforms.size > 0) explainTransformed(error, filename, since);
      throw error;
    }
  };
  handOverUncompiled();
  // A JSON file that require() loads is parsed, not compiled: its hooks run after the parse.
  const parseJson = M._extensions['.json'];
  if (typeof parseJson === 'function') {
    M._extensions['.json'] = function hooklineJson(this: unknown, module: CjsModule, filename) {
      if (pendingMark !== undefined) markUnresolved(filename);
      parseJson.call(this, module, filename);
      if (registry.importHooks.size === 0 || loadingInternally()) return;
      try {
        commonJsEvaluated(module, filename, 'json');
      } catch (error) {
        warn(`hookline failed after ${filename} loaded; it stays unpatched`, error);
      }
    };
  }
  debug('CommonJS compile hook installed');
}

/** The last CommonJS module whose compile went through hookline's `_compile`, once it ran. */
let lastCompiled: CjsModule | undefined;

/**
 * A tool that replaces `Module.prototype._compile` with a compiler of its own that does not call
 * the one it replaced (v8-compile-cache does so) takes hookline's wrapper out of every CommonJS
 * load: no handler would run. Node's `.js` loader, which calls `module._compile`, is wrapped too:
 * a module it loaded that did not pass hookline's `_compile` is handed to the hooks that select
 * it there, right after its body ran, as it would have been. One comparison per module loaded.
 * (Its source cannot be transformed any more: the tool compiles what it reads.)
 */
function handOverUncompiled(): void {
  const loadJs = M._extensions['.js'];
  if (typeof loadJs !== 'function') return;
  wrappedJsLoader = loadJs;
  M._extensions['.js'] = function hooklineJs(this: unknown, module: CjsModule, filename) {
    loadJs.call(this, module, filename);
    if (lastCompiled === module || registry.importHooks.size === 0 || loadingInternally()) return;
    if (ranAsEsModule(module)) return;
    try {
      commonJsEvaluated(module, filename);
    } catch (error) {
      warn(`hookline failed after ${filename} loaded; it stays unpatched`, error);
    }
  };
  hooklineJsLoader = M._extensions['.js'];
}

/** hookline's wrapper of the `.js` loader, and whether what it wraps is Node's own. */
let hooklineJsLoader: unknown;
let wrappedJsLoader: ((...args: never[]) => unknown) | undefined;
/** Told at the first transform of an imported CommonJS module, not at start-up. */
let wrapsNodesJsLoader: boolean | undefined;

/**
 * Node's `.js` loader (Node 22.15+, 24) compiles the source the module hooks gave it as it is; a
 * compiler's (pirates, @babel/register) reads or rewrites it before `module._compile`.
 */
function isNodesJsLoader(loadJs: (...args: never[]) => unknown): boolean {
  return Function.prototype.toString.call(loadJs).includes('loadSource(module, filename');
}

/**
 * Whether a CommonJS file's source as the module hooks give it is what `module._compile` gets:
 * no program's `.js` compiler stands between (a transform of it run at load would run again on
 * what the compiler made of it).
 */
export function compilesHookedSource(): boolean {
  if (M._extensions['.js'] !== hooklineJsLoader || !wrappedJsLoader) return false;
  wrapsNodesJsLoader ??= isNodesJsLoader(wrappedJsLoader);
  return wrapsNodesJsLoader;
}

/**
 * A source after the transforms that select its file, if any. `detect`: the format is for Node to
 * tell from the syntax, which is read only when a transform selects the file.
 */
function transformed(
  content: string,
  filename: string,
  format: 'module' | 'commonjs' | 'detect',
): string {
  if (registry.transforms.size === 0) return content;
  const url = transformUrlOf(filename);
  // An imported CommonJS module the in-thread load hook transformed already.
  if (transformedForImport(url, content)) return content;
  const transforms = matchingTransforms(url);
  if (transforms.length === 0) return content;
  const told = format === 'detect' ? (hasModuleSyntax(content) ? 'module' : 'commonjs') : format;
  // An ES module an import loaded: Node reads it again for the require, and uses the module the
  // import made.
  const again =
    told === 'module' ? sourceForRequireOfImported(url, transforms, content) : undefined;
  return again ?? runTransforms(content, url, told, transforms);
}

/** The URL a transform's filter sees for a module `_compile` gets. */
function transformUrlOf(filename: string): string {
  // A scheme's CommonJS module runs under its URL (`repo:x.cjs`), a file under its path.
  return registry.schemes.size > 0 && schemeOf(filename) ? filename : fileUrlOf(filename);
}

/**
 * What a module's compile threw, told as what a transform returned where it was: the module's
 * own SyntaxError (or, for an ES module that `require` loads, one of the modules it imports), or
 * an error thrown in rewritten code as it ran.
 */
function explainTransformed(error: unknown, filename: string, since: number): void {
  try {
    const url = transformUrlOf(filename);
    explainCommonJsError(error, filename, url);
    explainFormatChange(error, filename, url);
    explainEsModuleError(error, since, url);
    explainThrownInRewritten(error);
  } catch (failure) {
    debug("explaining a transformed module's error failed: %s", failure);
  }
}

/**
 * Wraps `Module._load` and `Module._resolveFilename` for what `require` needs — mocks,
 * redirects, schemes, matching by specifier and the audit — at the cost of a check per call.
 * Once an in-thread resolve hook is installed (Node 22.15+/24, when an ES module feature needs
 * it), that hook sees every require that resolves, and these keep mocks ahead of require's
 * caches and report the requires those caches answer.
 */
export function installCommonJsLoad(): void {
  setSchemeRequireForImport(requireImportedFromScheme);
  // Replaced by node:test's Module._load when it must stay under hookline's (see below).
  let load = M._load;
  const resolveFilename = M._resolveFilename;
  /**
   * The URL each audited require resolved to, keyed as Node's own per-folder cache is
   * (`Module._load`'s relativeResolveCache: the parent's folder and the request), so a require
   * that cache answers, without resolving, is reported with what it resolved to before. By
   * folder, then request: both strings exist already, where a joined key would be made anew for
   * every require.
   */
  const lastResolved = new Map<string, Map<string, string>>();
  /**
   * The require a tool above `Module.prototype.require` resolved and the audit reported ahead of
   * it (see resolvedBeforeRequire): the `_load` that follows, if the tool calls through, is that
   * require, already reported. Any other `_load` finds it stale (the tool answered from its
   * cache) and drops it; so does one after the tool stopped wrapping `require` (its unhook).
   */
  let reportedAhead:
    | { request: string; parent: CjsModule; url: string; require: unknown }
    | undefined;

  /**
   * The local copy a redirect sends this request to: by the name required, or by the file it
   * resolves to (`redirect('./conf.js', …)`); none for the local copy itself, which may require
   * the original.
   */
  const redirectTarget = (
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
  ): string | undefined => {
    if (loadingInternally()) return undefined;
    let redirect = registry.redirects.get(moduleKey(request));
    if (!redirect && registry.redirectsByFile && !isBuiltin(request)) {
      try {
        const filename = resolveFilename.call(M, request, parent, isMain);
        redirect = registry.redirects.get(fileUrlOf(filename));
      } catch {
        // Not resolvable: no file to redirect, and Node reports the request as it would.
        return undefined;
      }
    }
    if (!redirect) {
      const found = folderSubpath(request, registry.redirects, 'require');
      if (!found || isInsideRoot(parent?.filename, found.redirect.root)) return undefined;
      noteApplied(found.redirect);
      return found.path;
    }
    if (isInsideRoot(parent?.filename, redirect.root)) return undefined;
    noteApplied(redirect);
    return fileURLToPath(localCopyUrl(redirect.requireUrl, redirect, 'require'));
  };

  M._resolveFilename = function hooklineResolveFilename(request, parent, isMain, options) {
    if (isMain === undefined && isAheadOfRequire(request, parent)) {
      return resolvedBeforeRequire(this, request, parent, options);
    }
    const filename = resolvedHere(this, request, parent, isMain, options);
    if (pendingMark !== undefined) markResolved(request, parent, filename);
    return filename;
  };

  /**
   * Whether a resolution without `isMain` is a tool's ahead of a require of `parent`'s (see
   * resolvedBeforeRequire). Node itself always tells `isMain` (`Module._load`, `require.resolve`);
   * a tool that wraps `Module.prototype.require` passes the module that requires, which is in
   * require's cache. Tools that only resolve (resolve-from and import-fresh, with a parent object
   * of their own; require-relative, with a module made for it) pass one that is not; and a
   * `Module._load(id, module)` call without `isMain` resolves so inside hookline's `_load`.
   */
  function isAheadOfRequire(
    request: string,
    parent: CjsModule | null | undefined,
  ): parent is CjsModule {
    if (!parent || M._cache[parent.filename] !== parent || loadingInternally()) return false;
    if (pendingMark !== undefined && pendingMark.request === request) {
      return pendingMark.parent !== parent;
    }
    return !isUnclaimedRequire(request, parent);
  }

  /** What the wrapped `Module._resolveFilename` gives: Node's, through redirects and schemes. */
  function resolvedHere(
    self: unknown,
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
    options: unknown,
  ): string {
    // Node 20 runs an imported CommonJS module from a scheme with a require of its own, which
    // resolves here with module paths taken from the URL.
    if (registry.schemes.size > 0 && parent) lookFromProgram(parent);
    if (inThreadResolveActive())
      return resolveFilename.call(self, request, parent, isMain, options);
    // `require.resolve('./util.cjs')` in a scheme module: its URL, as the in-thread hooks give.
    const inScheme = registry.schemes.size > 0 ? schemeRequest(request, parent) : undefined;
    if (inScheme !== undefined) return inScheme;
    return resolvedFilename(self, request, parent, isMain, options);
  }

  /**
   * A tool that wraps `Module.prototype.require` above hookline's `Module._load` (require-in-the-
   * middle, as APM agents use it) resolves each request first, by `Module._resolveFilename(id,
   * module)`, and answers a module it has seen from a cache of its own, keyed by that file, without
   * calling `require` further: hookline's `_load` never sees that require. So here, the one
   * place hookline sees it: a mocked request is not resolved (the tool then calls through, as it
   * does for what it cannot resolve, to hookline's `_load`, which gives the mock — and neither
   * patches nor keeps it); an audited one is reported now, and the `_load` that may follow takes
   * it as reported.
   */
  function resolvedBeforeRequire(
    self: unknown,
    request: string,
    parent: CjsModule,
    options: unknown,
  ): string {
    const mock =
      registry.mocks.size > 0
        ? (mockFor(request) ??
          (registry.mocksByFile ? mockOfFile(request, parent, false) : undefined))
        : undefined;
    if (mock) throw mockedNotResolved(request, mock.id);
    const filename = resolvedHere(self, request, parent, false, options);
    // A builtin is reported as hookline's `_load` gets it, as ever (a tool that caches builtins
    // answers them without resolving, and such a require is not reported).
    if (registry.auditors.size > 0 && !isBuiltin(request)) {
      const url = auditedUrlOf(filename);
      audit(request, url, parent, false);
      reportedAhead = { request, parent, url, require: M.prototype.require };
    }
    return filename;
  }

  /** Node's resolution of a require, followed through redirects, reported to the audit. */
  function resolvedFilename(
    self: unknown,
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
    options: unknown,
  ): string {
    let filename: string;
    if (registry.redirects.size > 0) {
      const target = redirectTarget(request, parent, isMain);
      filename = resolveOrFromRedirectBase(target ?? request, parent, isMain, options);
    } else {
      filename = resolveFilename.call(self, request, parent, isMain, options);
    }
    // The URL is told only for the require this resolution reports (not for a builtin's bare
    // name, nor a require.resolve).
    if (registry.auditors.size > 0 && isUnclaimedRequire(request, parent)) {
      const url = auditedUrlOf(filename);
      reportedRequire(url);
      audit(request, url, parent, isMain);
    }
    return filename;
  }

  /**
   * Node's resolution; a package that a redirect's local copy does not find beside it resolves as
   * from where the redirect was declared (see replacement-imports.ts).
   */
  const resolveOrFromRedirectBase = (
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
    options: unknown,
  ): string =>
    resolvedOrFromRedirectBase(
      () => resolveFilename.call(M, request, parent, isMain, options),
      request,
      parent?.filename,
      registry.redirects.values(),
      (base) =>
        resolveFilename.call(M, request, requireParentAt(base) as CjsModule, false, options),
    );

  /** A mock of the file `request` resolves to (`mockModule('./conf.js')`), if any. */
  const mockOfFile = (
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
  ): MockEntry | undefined => {
    if (isBuiltin(request) || loadingInternally()) return undefined;
    let mock: MockEntry | undefined;
    try {
      mock = registry.mocks.get(fileUrlOf(resolveFilename.call(M, request, parent, isMain)));
    } catch {
      // No such file: a mock may still stand for it by its path; else Node reports it next.
      const url = unresolvedFileUrl(
        request,
        parent?.filename ? fileUrlOf(parent.filename) : undefined,
      );
      mock = url === undefined ? undefined : mockOfMissingFile(url);
    }
    return mock && !mock.building ? mock : undefined;
  };

  const hooklineLoad = function hooklineLoad(
    this: unknown,
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
    ...rest: unknown[]
  ): unknown {
    // A module of no declared format that requires is CommonJS: the window its compile opened ends.
    requireStarting(parent);
    // hookline's own loads (a lazily required parser, node:crypto) are Node's, untouched.
    if (loadingInternally()) return load.call(this, request, parent, isMain, ...rest);
    requireMade();
    const mock =
      mockFor(request) ?? (registry.mocksByFile ? mockOfFile(request, parent, isMain) : undefined);
    if (mock) {
      audit(request, `hookline:mock/${mock.id}`, parent, isMain);
      return mockRequired(mock.id);
    }
    // Redirects are followed here, before require's per-folder cache could answer with the
    // original (which the local copy beside it has often required itself).
    const target =
      registry.redirects.size > 0 ? redirectTarget(request, parent, isMain) : undefined;
    if (target !== undefined) return loadRedirected(this, target, request, parent, isMain, rest);
    if (registry.patternHooks.size > 0 && isBuiltin(request)) builtinRequested(request);
    // The in-thread resolve hook, while registered, sees every require that resolves itself.
    const inThread = inThreadResolveActive();
    if (!inThread && registry.schemes.size > 0) {
      const url =
        parent?.filename && schemeOf(parent.filename)
          ? resolveInScheme(request, parent.filename)
          : schemeOf(request)
            ? request
            : undefined;
      if (url) {
        // Where in-thread hooks exist, they load scheme modules (ES modules too): in a window.
        if (windowClosed()) {
          return inEsmWindow(() => hooklineLoad.call(this, request, parent, isMain, ...rest));
        }
        audit(request, url, parent, isMain);
        // Hooks that name it (or a pattern that may) know the module by its URL.
        const specifier = asRequested(request);
        if (registry.importHooks.size > 0 && registry.mayMatch(specifier)) {
          resolved(specifier, parent?.filename, url, undefined, true);
        }
        return requireFromScheme(url, parent);
      }
    }
    // With no parent, Node 20 is running a CommonJS module an import resolved (by its absolute
    // path, which nobody wrote): the loader thread reported that import as it was written.
    const outer =
      !inThread && registry.importHooks.size > 0 && (parent || isMain)
        ? markIfHooked(request, parent)
        : false;
    if (outer === false) return loadOrAudited(this, request, parent, isMain, rest, inThread);
    try {
      return loadOrAudited(this, request, parent, isMain, rest, inThread);
    } finally {
      pendingMark = outer;
    }
  };

  function loadOrAudited(
    self: unknown,
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
    rest: unknown[],
    inThread: boolean,
  ): unknown {
    if (
      registry.auditors.size === 0 ||
      !(parent || isMain) ||
      isOwnResolution(request, undefined)
    ) {
      return load.call(self, request, parent, isMain, ...rest);
    }
    return loadAudited(self, request, parent, isMain, rest, inThread);
  }
  M._load = hooklineLoad;
  keepAboveTestMocks(hooklineLoad, (testLoad) => {
    load = testLoad;
  });

  /** A require sent to a redirect's local copy, reported as the program wrote it. */
  function loadRedirected(
    self: unknown,
    target: string,
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
    rest: unknown[],
  ): unknown {
    return loadingInstead(target, request, (): unknown =>
      hooklineLoad.call(self, target, parent, isMain, ...rest),
    );
  }

  /** A require while imports are audited: reported once, by whichever sees it first. */
  function loadAudited(
    self: unknown,
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
    rest: unknown[],
    inThread: boolean,
  ): unknown {
    enterRequire(request, parent);
    const ahead = reportedAhead;
    if (ahead !== undefined) {
      reportedAhead = undefined;
      const same = ahead.request === request && ahead.parent === parent;
      if (same && ahead.require === M.prototype.require) reportedRequire(ahead.url);
    }
    let exports: unknown;
    let resolvedUrl: string | undefined;
    try {
      // Node 20 loads builtins without resolving them (or resolves them to a bare name).
      if (!inThread && mayBeBuiltin(request) && isBuiltin(request)) {
        const key = moduleKey(request);
        reportedRequire(key);
        audit(request, key, parent, isMain);
      }
      exports = load.call(self, request, parent, isMain, ...rest);
    } finally {
      resolvedUrl = leaveRequire();
    }
    const folder = parent ? lastResolved.get(parent.path) : undefined;
    if (resolvedUrl !== undefined) {
      if (folder) folder.set(request, resolvedUrl);
      else if (parent) {
        const added = new Map<string, string>();
        added.set(request, resolvedUrl);
        lastResolved.set(parent.path, added);
      }
    } else {
      // Answered from require's per-folder cache before anything resolved: reported now.
      const url = folder?.get(request) ?? resolvedBefore(request, parent, isMain);
      if (url !== undefined) audit(request, url, parent, isMain);
    }
    return exports;
  }

  /** Where a cached require leads when it was first resolved before the audit began. */
  function resolvedBefore(
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
  ): string | undefined {
    if (isBuiltin(request)) return moduleKey(request);
    try {
      return fileUrlOf(resolveFilename.call(M, request, parent, isMain));
    } catch {
      // Resolved as `require.resolve` would: through the program's module hooks, and through
      // what a tool put above hookline's `_resolveFilename` (module-alias's aliases).
      const url = resolvedThroughHooks(request, parent);
      // Else nothing resolves it: something below hookline's `_load` answered it without a
      // file (a proxyquire-like stub), as Node itself never does. No module to report.
      if (url === undefined)
        debug('require("%s") was answered without a file: not audited', request);
      return url;
    }
  }

  debug('CommonJS load hooks installed (Module._load)');
}

/**
 * node:test's `mock.module()` (Node 22.3+) sets `Module._load`, on its first call, to its own
 * function, which calls the `_load` node:test found as it loaded. Where node:test loaded before
 * hookline's wrapper was installed — a test file that imports both: builtins load before the file
 * runs — that is Node's own, so every `require` would pass hookline by from then on: no audit,
 * mocks or redirects, in silence. So until then `_load` is an accessor whose setter takes
 * node:test's function (known by its name) under hookline's wrapper (`putUnder`); any other
 * assignment, or node:test's, makes it a plain property again (a patcher that wraps what it reads
 * gets the usual stacking). Wrapping `mock.module` instead would not do: node:test finds the
 * test file to resolve from by counting stack frames. node:test loaded after hookline calls
 * hookline's wrapper already, and is left alone.
 */
function keepAboveTestMocks(
  wrapper: ModuleStatics['_load'],
  putUnder: (load: ModuleStatics['_load']) => void,
): void {
  const loaded = (process as { moduleLoadList?: readonly string[] }).moduleLoadList;
  if (!loaded?.includes('NativeModule internal/test_runner/mock/mock')) return;
  // Loaded already, so this loads nothing. Node 20's node:test has no mock.module.
  const { mock } = builtinModule('node:test') as { mock?: { module?: unknown } };
  if (typeof mock?.module !== 'function') return;
  const enumerable = Object.getOwnPropertyDescriptor(M, '_load')?.enumerable ?? true;
  const plain = (value: unknown) =>
    Object.defineProperty(M, '_load', { value, writable: true, enumerable, configurable: true });
  Object.defineProperty(M, '_load', {
    configurable: true,
    enumerable,
    get: () => wrapper,
    set(value: unknown) {
      if (typeof value !== 'function' || value.name !== 'bound cjsMockModuleLoad') {
        plain(value);
        return;
      }
      putUnder(value as ModuleStatics['_load']);
      plain(wrapper);
      debug("node:test's mock.module loads under hookline's CommonJS load hook");
    },
  });
}

/**
 * Where a require that Node's own resolution does not know leads, as `require.resolve` tells it:
 * through the program's own module hooks (`module.registerHooks`: `require('virtual:x')`), and
 * through a tool's `Module._resolveFilename` above hookline's (an alias).
 */
function resolvedThroughHooks(
  request: string,
  parent: CjsModule | null | undefined,
): string | undefined {
  const from = parent?.filename ?? join(process.cwd(), 'x');
  try {
    const resolved = internally(() => createRequire(from).resolve(request));
    return isAbsolute(resolved) ? fileUrlOf(resolved) : resolved;
  } catch {
    return undefined;
  }
}

/**
 * The file each marked require resolved to, keyed as Node's own per-folder cache is (the parent's
 * folder, then the request). While that file stays in require's cache, Node answers the same
 * require from it without resolving or loading anything: the hooks were told of it the first
 * time and there is nothing new to see. Without this, a pattern hook (which may match any
 * request) made every cached require resolve in full: 1.85 µs a cached require instead of 0.28
 * on Node 20, 1.43 instead of 0.29 on Node 24 (the requires benchmark's loop, README).
 */
const markedFiles = new Map<string, Map<string, string>>();

/** A require some hook may select, waiting for Node to resolve it (see {@link markIfHooked}). */
interface PendingMark {
  readonly specifier: string;
  readonly request: string;
  readonly parent: CjsModule | null | undefined;
}

/** The innermost require under way that a hook may select and Node has not resolved yet. */
let pendingMark: PendingMark | undefined;

/**
 * Before a require: if a hook may select what it asks for, and it is not one require's cache
 * answers, the file it resolves to is remembered as Node resolves it ({@link markResolved}), for
 * when the module has run. Resolving it here as well cost a second resolution per module loaded.
 * Returns what to restore once the require is done (the require around this one's mark).
 */
function markIfHooked(
  request: string,
  parent: CjsModule | null | undefined,
): PendingMark | undefined | false {
  const specifier = asRequested(request);
  if (!registry.mayMatch(specifier) || isBuiltin(request)) return false;
  const before = parent ? markedFiles.get(parent.path)?.get(request) : undefined;
  // Deleted from require's cache (a test runner's fresh copy), the file loads anew: marked again.
  if (before !== undefined && M._cache[before] !== undefined) return false;
  const outer = pendingMark;
  pendingMark = { specifier, request, parent };
  return outer;
}

/**
 * Node resolved a require: if it is the one waiting for its mark, the hooks that may select it
 * know its file now, before it loads.
 */
function markResolved(
  request: string,
  parent: CjsModule | null | undefined,
  filename: string,
): void {
  const mark = pendingMark;
  if (mark === undefined || mark.request !== request || mark.parent !== parent) return;
  pendingMark = undefined;
  resolved(mark.specifier, parent?.filename, fileUrlOf(filename), undefined, true);
  if (!parent) return;
  const folder = markedFiles.get(parent.path);
  if (folder) folder.set(request, filename);
  else markedFiles.set(parent.path, new Map([[request, filename]]));
}

/**
 * A module about to run whose require was not resolved by Node's resolution (the program's own
 * module hooks, `module.registerHooks`, served it under a URL of theirs, `virtual:x`, which Node
 * gives it as its file name): marked now, before its hooks are looked for.
 */
function markUnresolved(filename: string): void {
  const mark = pendingMark;
  if (mark === undefined) return;
  pendingMark = undefined;
  const url = isAbsolute(filename) ? fileUrlOf(filename) : filename;
  resolved(mark.specifier, mark.parent?.filename, url, undefined, true);
}

/**
 * A source of unknown format that Node will run as an ES module and a hook selected, instrumented
 * as one Node was told is an ES module is (its handlers then get the module namespace, with
 * `format: 'module'`, not CommonJS exports). `undefined` for CommonJS, which goes on unchanged,
 * and for a module no hook selects, which costs a lookup: only selected ones are read. On Node 20
 * the imports such a module hides from the hooks are named in a warning, as for a `.mjs` file.
 */
function detectedModule(content: string, filename: string): string | undefined {
  if (registry.importHooks.size === 0 || !maySelectRequired(filename)) return undefined;
  const url = fileUrlOf(filename);
  const specifiers = instrumentationFor(url);
  if (specifiers === undefined || !hasModuleSyntax(content)) return undefined;
  if (!hasInThreadHooks()) {
    // Node compiles it as it is, finding it an ES module by its syntax.
    if (inPnpArchive(filename)) return warnUnhookableInArchive(filename);
    warnOfUnseenImports(content, filename);
    noteImportsUnseen(url);
  }
  return instrumentSelected(content, url, specifiers);
}

/** Whether Node ran what it compiled as an ES module: `require` then gives its namespace. */
function ranAsEsModule(module: CjsModule): boolean {
  const exports = module.exports;
  return typeof exports === 'object' && exports !== null && isModuleNamespace(exports);
}

/** An ES module loaded by require() on Node 20, which a hook selected: instrumented in place. */
function instrumentRequiredModule(content: string, filename: string): string {
  const url = fileUrlOf(filename);
  const specifiers = instrumentationFor(url);
  if (!specifiers) return content;
  if (!hasInThreadHooks()) {
    if (inPnpArchive(filename)) return warnUnhookableInArchive(filename) ?? content;
    noteImportsUnseen(url);
  }
  return instrumentSelected(content, url, specifiers);
}

/**
 * Node 20 resolves the imports of an ES module that `require()` loads with its own resolution,
 * not the loaders', and that cannot see into Yarn Plug'n'Play's zip archives; an instrumented
 * module imports itself, so hooking it would make the require fail. It loads as it is (Yarn's
 * runtime gives Node 20 no package.json to read there either: its format is told by its syntax).
 */
function warnUnhookableInArchive(filename: string): undefined {
  const url = fileUrlOf(filename);
  const name = nodeModulesPackage(filename)?.name ?? '<package>';
  warn(
    `hookline cannot hook ${url}, which require() loads from a Yarn Plug'n'Play zip archive: Node ${process.versions.node} resolves what a required ES module imports without Yarn's loader, and a hooked module imports itself. It loads unhooked. Load it with import() instead, unplug its package (yarn unplug ${name}), or run on Node 22.15+ or 24`,
  );
  return undefined;
}

/** The source of an ES module a hook selected, instrumented; as it was if that fails (warned). */
function instrumentSelected(content: string, url: string, specifiers: readonly string[]): string {
  try {
    const instrumented = instrumentCached(content, url, specifiers);
    if (!instrumented) return content;
    expectReexports(url, instrumented.reexportSources);
    return instrumented.code;
  } catch (error) {
    warn(`hookline could not hook ${url}; it loads unpatched`, error);
    return content;
  }
}

/** False for a relative or absolute path, which no builtin is: `isBuiltin` is not asked. */
function mayBeBuiltin(request: string): boolean {
  const first = request.charCodeAt(0);
  return first !== 46 /* . */ && first !== 47 /* / */;
}

function mockFor(request: string) {
  if (registry.mocks.size === 0) return undefined;
  const mock = registry.mocks.get(moduleKey(request));
  return mock && !mock.building ? mock : undefined;
}

function audit(
  request: string,
  resolvedUrl: string,
  parent: CjsModule | null | undefined,
  isMain: boolean,
) {
  if (registry.auditors.size === 0 || (!parent && !isMain)) return;
  if (isMain && entryImported(resolvedUrl)) return;
  emitImport(asRequested(request), resolvedUrl, importerUrl(parent), 'require');
}

/**
 * The URL of the module that required, remembered for the last one: a module's requires follow
 * one another, and the same string needs no look-up.
 */
let lastImporterFile = '';
let lastImporterUrl = '';

function importerUrl(parent: CjsModule | null | undefined): string | undefined {
  const filename = parent?.filename;
  if (!filename) return undefined;
  if (filename !== lastImporterFile) {
    // A scheme module's filename is its URL (see requireFromScheme).
    lastImporterUrl = schemeOf(filename) ? filename : auditedUrlOf(filename);
    lastImporterFile = filename;
  }
  return lastImporterUrl;
}

/**
 * The URL of each file the audit named, converted once: a module is named as it resolves, then
 * as the importer of each of its requires (and a parent's requires interleave with its
 * children's). Keyed by path rather than by module: a WeakMap's entries cost the collector more
 * (measured).
 */
const auditedUrls = new Map<string, string>();

function auditedUrlOf(filename: string): string {
  let url = auditedUrls.get(filename);
  if (url === undefined) {
    url = fileUrlOf(filename);
    auditedUrls.set(filename, url);
  }
  return url;
}

/**
 * A CommonJS module from a scheme requires packages as from the program file that imported it,
 * the base its imports use too (Node would look beside its URL, from the working directory).
 */
function lookFromProgram(module: CjsModule): void {
  if (typeof module.filename === 'string' && schemeOf(module.filename)) {
    module.paths = M._nodeModulePaths(programFolder(module.filename));
  }
}

/** The scheme URL `request` names, made by `parent` or not, if it names one. */
function schemeRequest(request: string, parent: CjsModule | null | undefined): string | undefined {
  if (parent?.filename && schemeOf(parent.filename)) {
    const url = resolveInScheme(request, parent.filename);
    if (url !== undefined) return url;
  }
  return schemeOf(request) ? request : undefined;
}

/** Runs scheme module `url` for the stand-in of an import of it (Node 20: see commonJsStandIn). */
function requireImportedFromScheme(url: string): unknown {
  // The import was reported as an ES module's, its format unknown until it loaded: hooks that
  // name the module learn it is a CommonJS one.
  if (registry.importHooks.size > 0) resolved(url, undefined, url, 'commonjs', true);
  return requireFromScheme(url, undefined);
}

/**
 * Whether `module` is one Node 20's ES module loader put in require's cache to run the source
 * itself, and has not run: an import of the scheme module that failed before it ran (another
 * module of its graph did not load) leaves it there, empty. Node's own `require` runs such a
 * module rather than answer with it; so does hookline's, for a scheme's.
 */
function madeByEsmLoader(module: CjsModule): boolean {
  return (
    !module.loaded &&
    Object.getOwnPropertySymbols(module).some((key) => key.description === 'kIsCachedByESMLoader')
  );
}

/** `require('repo:team/x')`: a CommonJS (or JSON) module from a scheme, cached by its URL. */
function requireFromScheme(url: string, parent: CjsModule | null | undefined): unknown {
  const cached = M._cache[url];
  if (cached && !madeByEsmLoader(cached)) return cached.exports;
  const entry = schemeOf(url);
  if (!entry) throw new Error(`no scheme registered for ${url}`);
  const scheme = takeImportedCommonJs(url) ?? loadSchemeSync(entry, url, 'require');
  const format = formatOf(url, scheme);
  const source = sourceText(scheme.source);
  const parentFile = parent?.filename;
  noteSchemeImporter(url, parentFile && !schemeOf(parentFile) ? fileUrlOf(parentFile) : parentFile);
  const module = new M(url, parent);
  module.filename = url;
  lookFromProgram(module);
  M._cache[url] = module;
  try {
    if (format === 'json') module.exports = JSON.parse(source);
    else if (format === 'commonjs') module._compile(source, url);
    else {
      throw new Error(
        `${url} is an ES module, and require() on this Node cannot load an ES module from a scheme; import it instead`,
      );
    }
  } catch (error) {
    delete M._cache[url];
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

/**
 * What a tool that resolves a require before making it is told of a mocked request: no file (a
 * mock has none), so that it calls through to `require`, which gives the mock, rather than answer
 * with the module it cached under the real file, or cache the mock there for after the undo.
 */
function mockedNotResolved(request: string, id: number): Error {
  return Object.assign(
    new Error(
      `Cannot find module '${request}': hookline mocks it (hookline:mock/${id}), and require('${request}') gives the mock`,
    ),
    { code: 'MODULE_NOT_FOUND' },
  );
}

/** What `require` adds to a path it does not find as it is: extensions, then a folder's index. */
const REQUIRE_TRIES = ['', '.js', '.json', '.node', '/index.js', '/index.json', '/index.node'];

/**
 * The mock of a file yet to be written that `url` names as `require` would find it if it were
 * there: `require('./routes')` gets the mock of `./routes.js`. Looked for only once the path
 * failed to resolve.
 */
function mockOfMissingFile(url: string): MockEntry | undefined {
  for (const suffix of REQUIRE_TRIES) {
    const mock = registry.mocks.get(`${url}${suffix}`);
    if (mock) return mock;
  }
  return undefined;
}
