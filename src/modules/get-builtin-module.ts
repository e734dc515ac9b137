import Module, { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import { structuredStack } from '../internal/call-site.js';
import { callerUrl } from '../internal/caller.js';
import { loadingInternally } from '../internal/own-loads.js';
import { emitImport } from './audit.js';
import { builtinRequested } from './builtin-hooks.js';
import { mockExports } from './dispatch.js';
import { moduleKey } from './matcher.js';
import { loadingInstead } from './own-resolution.js';
import { registry } from './registry.js';
import { isInsideRoot } from './replacement-imports.js';
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
    // hookline's own look-ups (`internally`) get the builtin itself, as from require.
    const replacement =
      (registry.mocks.size > 0 || registry.redirects.size > 0) &&
      typeof id === 'string' &&
      isBuiltin(id) &&
      !loadingInternally()
        ? replacementOf(id, wrapped)
        : undefined;
    if (replacement) {
      if (registry.auditors.size > 0) {
        emitImport(id, replacement.url, callerUrl(wrapped), 'get-builtin-module');
      }
      return replacement.exports;
    }
    if (registry.patternHooks.size > 0 && typeof id === 'string') builtinRequested(id);
    const exports = original.call(this, id);
    if (registry.auditors.size > 0 && exports !== undefined && !loadingInternally()) {
      emitImport(id, moduleKey(id), callerUrl(wrapped), 'get-builtin-module');
    }
    return exports;
  };
  Object.defineProperty(process, 'getBuiltinModule', {
    ...Object.getOwnPropertyDescriptor(process, 'getBuiltinModule'),
    value: wrapped,
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
  const path = fileURLToPath(redirect.requireUrl);
  return { url: redirect.requireUrl, exports: loadingInstead(path, id, () => loadFile(path)) };
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
