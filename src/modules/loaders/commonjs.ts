import { createRequire, isBuiltin } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debug } from '../../internal/debuglog.js';
import { fileUrlOf } from '../../internal/file-url.js';
import { internally, loadingInternally } from '../../internal/own-loads.js';
import { warn } from '../../internal/warning.js';
import { requireMade } from '../apply-to-loaded.js';
import { builtinRequested } from '../builtin-hooks.js';
import { commonJsEvaluated, moduleKey, resolved } from '../dispatch.js';
import { unresolvedFileUrl } from '../file-key.js';
import { hasInThreadHooks } from '../install.js';
import { mockRequired } from '../mock-exports.js';
import { isEsModuleFormat, isTypeScriptFormat } from '../module-format.js';
import { noteApplied } from '../never-ran.js';
import { asRequested, isOwnResolution, loadingInstead } from '../own-resolution.js';
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
import { resolveInScheme, schemeOf, setSchemeRequireForImport } from '../scheme.js';
import { rewriteMark } from '../transform-errors.js';
import { type CjsModule, M } from './cjs-module.js';
import { explainTransformed, transformed } from './compile-transforms.js';
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
import { keepAboveTestMocks } from './node-test-mocks.js';
import { audit, auditedUrlOf } from './require-event.js';
import {
  markIfHooked,
  markResolved,
  markUnresolved,
  pendingMark,
  restoreMark,
} from './require-marks.js';
import { mockedNotResolved, mockFor, mockOfMissingFile } from './require-mocks.js';
import { detectedModule, instrumentRequiredModule, ranAsEsModule } from './required-esm.js';
import { importsWatched, warnOfUnseenImports } from './required-esm-imports.js';
import {
  lookFromProgram,
  requireFromScheme,
  requireImportedFromScheme,
  schemeRequest,
} from './scheme-require.js';

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
          content = transformed(content, filename, 'module', isTypeScriptFormat(rest[0]));
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
        const format = unknownFormat ? 'detect' : 'commonjs';
        content = transformed(content, filename, format, isTypeScriptFormat(rest[0]));
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
        if (
          registry.importHooks.size > 0 &&
          (registry.mayMatch(specifier) || registry.hooksByName.has(url))
        ) {
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
      restoreMark(outer);
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

/** False for a relative or absolute path, which no builtin is: `isBuiltin` is not asked. */
function mayBeBuiltin(request: string): boolean {
  const first = request.charCodeAt(0);
  return first !== 46 /* . */ && first !== 47 /* / */;
}
