import { isBuiltin, Module } from 'node:module';
import { fileURLToPath } from 'node:url';
import { structuredStack } from '../internal/call-site.js';
import { callerUrl } from '../internal/caller.js';
import { loadingInternally } from '../internal/own-loads.js';
import { emitImport } from './audit.js';
import { builtinRequested } from './builtin-hooks.js';
import { moduleKey } from './matcher.js';
import { mockExports } from './mock-exports.js';
import { noteApplied } from './never-ran.js';
import { loadingInstead } from './own-resolution.js';
import { registry } from './registry.js';
import { isInsideRoot, localCopyUrl } from './replacement-imports.js';
import { MOCK_PREFIX } from './virtual.js';

type GetBuiltinModule = (id: string) => unknown;

let watching = false;

/**
 * `process.getBuiltinModule` loads without the module loaders: it is wrapped, once, for the
 * audit, for pattern hooks on builtins, and for mocks and redirects of builtins.
 */
export function watchGetBuiltinModule(): void {
  const original = (process as { getBuiltinModule?: GetBuiltinModule }).getBuiltinModule;
  if (watching || typeof original !== 'function') return;
  watching = true;
  const wrapped = function getBuiltinModule(this: unknown, id: string) {
    // Decided, and reported, by hookline's wrapper above the tools (wrapAboveTools).
    if (decidedAbove) {
      decidedAbove = false;
      return original.call(this, id);
    }
    const replacement = servedInstead(id, wrapped);
    if (replacement) return replacement.exports;
    if (registry.patternHooks.size > 0 && typeof id === 'string') builtinRequested(id);
    const exports = original.call(this, id);
    if (registry.auditors.size > 0 && exports !== undefined && !loadingInternally()) {
      emitImport(id, moduleKey(id), callerUrl(wrapped), 'get-builtin-module');
    }
    return exports;
  };
  ownGetBuiltinModule = wrapped;
  setGetBuiltinModule(wrapped);
}

/** hookline's `process.getBuiltinModule`, once wrapped. */
let ownGetBuiltinModule: GetBuiltinModule | undefined;
/** Set while hookline's top wrapper calls through the tools to its own, which then only loads. */
let decidedAbove = false;

/**
 * The mock or local copy that `getBuiltinModule(id)`, called by `fn`'s caller, gives instead of
 * the builtin (reported to the audit), if any. hookline's own look-ups (`internally`) get the
 * builtin itself, as from require.
 */
function servedInstead(id: string, fn: Function): Replacement | undefined {
  const replacement =
    (registry.mocks.size > 0 || registry.redirects.size > 0) &&
    typeof id === 'string' &&
    isBuiltin(id) &&
    !loadingInternally()
      ? replacementOf(id, fn)
      : undefined;
  if (replacement && registry.auditors.size > 0) {
    emitImport(id, replacement.url, callerUrl(fn), 'get-builtin-module');
  }
  return replacement;
}

/** Whether a mock or redirect of builtin `id` is in force (a mock's own factory aside). */
function isReplacedBuiltin(id: unknown): id is string {
  if (typeof id !== 'string' || (registry.mocks.size === 0 && registry.redirects.size === 0)) {
    return false;
  }
  if (!isBuiltin(id)) return false;
  const key = moduleKey(id);
  const mock = registry.mocks.get(key);
  return (mock !== undefined && !mock.building) || registry.redirects.has(key);
}

/** Builtin mocks and redirects in force, and what their undo puts back when none are left. */
let builtinReplacements = 0;
let putBack: (() => void) | undefined;

/**
 * A tool that wraps `require` and `process.getBuiltinModule` with a cache of its own
 * (require-in-the-middle, as APM agents use it) answers a builtin it has seen without calling
 * further, and keeps what it got the first time: a mock of a builtin would be missed, or kept
 * for good. So while a builtin is mocked or redirected, hookline's own wrappers stand above every
 * other, and serve the mock or local copy before any tool is asked: installed now above what is
 * there, and taken out again with the last such mock or redirect if nothing was put above them
 * meanwhile (else they stay, passing every other call through). Returns the release.
 */
export function keepBuiltinReplacementsOnTop(): () => void {
  builtinReplacements += 1;
  if (builtinReplacements === 1) putBack = wrapAboveTools();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    builtinReplacements -= 1;
    if (builtinReplacements > 0) return;
    putBack?.();
    putBack = undefined;
  };
}

interface RequiringModule {
  require(id: string): unknown;
}

function wrapAboveTools(): () => void {
  const statics = Module as unknown as {
    _load(request: string, parent: unknown, isMain: boolean): unknown;
    prototype: RequiringModule;
  };
  const below = statics.prototype.require;
  const topRequire = function hooklineRequire(
    this: RequiringModule,
    id: string,
    ...rest: unknown[]
  ): unknown {
    // As Node's own require does, less the tools between: hookline's _load serves it.
    if (isReplacedBuiltin(id) && !loadingInternally()) return statics._load(id, this, false);
    return Reflect.apply(below, this, [id, ...rest]);
  };
  statics.prototype.require = topRequire;
  const putBackGetBuiltin = getBuiltinModuleAboveTools();
  return () => {
    if (statics.prototype.require === topRequire) statics.prototype.require = below;
    putBackGetBuiltin?.();
  };
}

/**
 * `process.getBuiltinModule` wrapped above a tool's wrapper of hookline's, if one is there; its
 * undo. For a replaced builtin it decides here, where the caller is known: the mock or local copy,
 * or, for the local copy itself and a mock's factory, the builtin, which hookline's own wrapper
 * below the tools then loads without deciding again.
 */
function getBuiltinModuleAboveTools(): (() => void) | undefined {
  const process_ = process as { getBuiltinModule?: GetBuiltinModule };
  const getBuiltin = process_.getBuiltinModule;
  if (typeof getBuiltin !== 'function' || getBuiltin === ownGetBuiltinModule) return undefined;
  const topGetBuiltin = function hooklineGetBuiltinModule(this: unknown, id: string): unknown {
    if (!isReplacedBuiltin(id) || loadingInternally()) return getBuiltin.call(this, id);
    const replacement = servedInstead(id, topGetBuiltin);
    if (replacement) return replacement.exports;
    decidedAbove = ownGetBuiltinModule !== undefined;
    let exports: unknown;
    try {
      exports = getBuiltin.call(this, id);
    } finally {
      decidedAbove = false;
    }
    if (registry.auditors.size > 0) {
      emitImport(id, moduleKey(id), callerUrl(topGetBuiltin), 'get-builtin-module');
    }
    return exports;
  };
  setGetBuiltinModule(topGetBuiltin);
  return () => {
    if (process_.getBuiltinModule === topGetBuiltin) setGetBuiltinModule(getBuiltin);
  };
}

function setGetBuiltinModule(value: GetBuiltinModule): void {
  Object.defineProperty(process, 'getBuiltinModule', {
    ...Object.getOwnPropertyDescriptor(process, 'getBuiltinModule'),
    value,
  });
}

interface Replacement {
  /** What the audit reports the builtin resolved to. */
  readonly url: string;
  readonly exports: unknown;
}

/**
 * What a mock or redirect of builtin `id` gives the caller of `getBuiltinModule` (the function
 * `wrapped`) instead, as `require(id)` would get it: none for the mock's own factory or the
 * redirect's local copy, which get the real builtin.
 */
function replacementOf(id: string, wrapped: Function): Replacement | undefined {
  const key = moduleKey(id);
  const mock = registry.mocks.get(key);
  if (mock && !mock.building) {
    return { url: `${MOCK_PREFIX}${mock.id}`, exports: mockExports(mock.id) };
  }
  const redirect = registry.redirects.get(key);
  if (!redirect || isInsideRoot(callerPath(wrapped), redirect.root)) return undefined;
  noteApplied(redirect);
  const url = localCopyUrl(redirect.requireUrl, redirect, 'require');
  const path = fileURLToPath(url);
  return { url, exports: loadingInstead(path, id, () => loadFile(path)) };
}

/**
 * `require(path)` with no parent module: the require is hookline's means of loading the local
 * copy, and the audit reports the `getBuiltinModule` call instead.
 */
function loadFile(path: string): unknown {
  const statics = Module as unknown as {
    _load(request: string, parent: null, isMain: boolean): unknown;
  };
  return statics._load(path, null, false);
}

/** The file that called `fn`, as a path (a `file:` URL for an ES module's frame). */
function callerPath(fn: Function): string | undefined {
  const file = structuredStack(fn, 1)[0]?.getFileName() ?? undefined;
  return file?.startsWith('file:') ? fileURLToPath(file) : file;
}
