import { pathToFileURL } from 'node:url';
import { isAsyncFunction } from '../internal/async-function.js';
import { structuredStack } from '../internal/call-site.js';
import { CodePart, useCode } from '../internal/code-use.js';
import { HooklineTypeError } from '../internal/errors.js';
import { isThenable } from '../internal/promise-like.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { filesImportedByPath } from './externalized-entries.js';
import { warnIfFileNamedAsPackage } from './file-named-as-package.js';
import { keepBuiltinReplacementsOnTop, watchGetBuiltinModule } from './get-builtin-module.js';
import { ensureEsmHooks } from './install.js';
import { assertSpecifier, isBuiltinKey, targetKey } from './matcher.js';
import { warnIfMistypedBuiltin } from './mistyped-builtin.js';
import { watchNeverServed } from './never-ran.js';
import { type MockEntry, registry } from './registry.js';
import { warnIfRunnerCannotSee } from './test-runner.js';
import type { MockExports } from './types.js';

/**
 * Makes `specifier` load `exports` instead of the real module — or a module that does not exist at
 * all — for `import`, `import()` and `require` alike (and `process.getBuiltinModule`, for a
 * builtin). `specifier` is a package name or builtin, or a file of the program: `./conf.js`
 * (relative to the calling file), an absolute path or a `file:` URL, which every importer gets
 * mocked, whatever path it imports it by. A function is a factory, called once on first load (it
 * may load the real module itself, to extend it). For `import`, the object's own keys are the
 * named exports, and its `default` key (or else the whole object) the default. Modules that
 * imported the real one before keep it. `undefined` is refused (a forgotten argument); pass `{}`
 * for a module with no exports. Modules load synchronously, so the exports cannot be a promise: an
 * `async` factory or a promise is refused at the call, and a factory that returns a promise at the
 * first load (`ERR_HOOKLINE_INVALID_ARGUMENT` both); load what the mock needs first
 * (`mockModule(name, await import('./fake.js'))`). What is refused at run time does not compile
 * either (see {@link MockExports}).
 *
 * @example
 * ```ts
 * import { mockModule } from 'hookline/modules';
 * using _ = mockModule('./conf-loader.js', { load: async () => '{"settings":"test"}' });
 * const { logic } = await import('./logic.js'); // its `import { load }` gets the mock
 * ```
 */
export function mockModule<T>(specifier: string, exportsOrFactory: MockExports<T>): Unhook {
  useCode(CodePart.mockModule);
  assertSpecifier(
    specifier,
    'mockModule(specifier, exports)',
    'the module specifier to mock, as the program imports it',
    'mockModule("axios", { get: async () => ({ data: 1 }) })',
  );
  if (exportsOrFactory === undefined) {
    // Most likely a forgotten argument: a mock whose `require` gives undefined helps nobody.
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: `mockModule(${JSON.stringify(specifier)}, exports)`,
      expected: 'the exports importers should get, or a factory () => exports',
      received: 'undefined',
      fix: `Pass them, such as mockModule(${JSON.stringify(specifier)}, { get: async () => ({}) }); for a module with no exports, pass {}.`,
    });
  }
  const make = exportsMaker(specifier, exportsOrFactory);
  const where = `mockModule(${JSON.stringify(specifier)}, exports)`;
  // Read once, for relative specifiers and for the error of an import the mock lacks a name of.
  const site = callSiteOf(mockModule);
  const callerOnce = () => site && fileUrlOfFrame(site.file);
  const key = targetKey(specifier, callerOnce, where);
  warnIfMistypedBuiltin(key, where);
  warnIfFileNamedAsPackage(specifier, callerOnce, where);
  // Under vitest, a package is imported by its files' paths: the mock is keyed on them too.
  const byPath = filesImportedByPath(specifier, callerOnce());
  if (byPath.length === 0) warnIfRunnerCannotSee('mockModule', where, [specifier]);
  const entry: MockEntry = {
    id: registry.newMockId(),
    specifier,
    make,
    building: false,
    ...(site && { site }),
  };
  ensureEsmHooks(`mockModule(${specifier})`);
  const builtin = isBuiltinKey(key);
  if (builtin) watchGetBuiltinModule();
  registry.mocksById.set(entry.id, entry);
  watchNeverServed(entry, key);
  const unstack = registry.setKeyed(registry.mocks, key, entry);
  const unstackByPath = byPath.map((url) =>
    registry.setKeyed(registry.mocks, targetKey(url, callerOnce, where), entry),
  );
  const release = builtin ? keepBuiltinReplacementsOnTop() : undefined;
  return createUnhook(() => {
    unstack();
    for (const unstackFile of unstackByPath) unstackFile();
    release?.();
    // Modules that loaded the mock keep what they got; nothing resolves to it any more, so its
    // exports (and its factory, with all it holds) are not kept for a test suite's whole run —
    // except until an ES module that already resolved to it runs (`using` in a block that returns
    // `import(…)` undoes the mock while that import is under way).
    if (registry.mocksAwaitingEvaluation.has(entry.id)) registry.keepUntilEvaluated(entry);
    else registry.releaseMock(entry);
  });
}

/** The file, line and column `fn` was called from; none from the REPL or `eval`. */
function callSiteOf(fn: Function): MockEntry['site'] {
  const frame = structuredStack(fn, 1)[0];
  const file = frame?.getFileName();
  if (frame === undefined || !file) return undefined;
  return { file, line: frame.getLineNumber() ?? 0, column: frame.getColumnNumber() ?? 0 };
}

/** A frame's file as a URL: V8 names a CommonJS file by its path, an ES module by its URL. */
function fileUrlOfFrame(file: string): string {
  return file.startsWith('/') ? pathToFileURL(file).href : file;
}

/**
 * What builds the mock's exports, refusing a promise: modules load synchronously, so a promise
 * would be the module itself (a default export that is a promise), never what it resolves to.
 * An `async` factory or a promise is refused at the call; a factory that returns one, at the
 * first load, which then throws.
 */
function exportsMaker(specifier: string, exportsOrFactory: unknown): () => unknown {
  const where = `mockModule(${JSON.stringify(specifier)}, exports)`;
  if (isThenable(exportsOrFactory) || isAsyncFunction(exportsOrFactory)) {
    throw promisedExports(where, exportsOrFactory);
  }
  if (typeof exportsOrFactory !== 'function') return () => exportsOrFactory;
  if (isClass(exportsOrFactory)) {
    // A function is a factory, and a class cannot be called as one: said now, not at the load.
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'the exports importers should get, or a factory () => exports',
      received: `the class ${exportsOrFactory.name || '(anonymous)'}`,
      fix: `A function is taken as a factory: for a module whose exports are a class, pass a factory that returns it, such as mockModule(${JSON.stringify(specifier)}, () => ${exportsOrFactory.name || 'TheClass'}).`,
    });
  }
  const factory = exportsOrFactory as () => unknown;
  return () => {
    const exports = factory();
    if (isThenable(exports)) {
      (exports as Promise<unknown>).then(undefined, () => {
        // Refused below; what the promise comes to no longer matters to anyone.
      });
      throw promisedExports(`the factory of ${where}`, exports);
    }
    return exports;
  };
}

function promisedExports(where: string, value: unknown): HooklineTypeError {
  return new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where,
    expected:
      'the exports, or a factory that returns them synchronously (modules load synchronously)',
    received:
      typeof value === 'function'
        ? value.name
          ? `the async function ${value.name}`
          : 'an async function'
        : 'a promise',
    fix: 'Load what the mock needs first and pass the exports: mockModule(name, await import("./fake.js")), or make the factory synchronous.',
  });
}

/** A class, which cannot be called without `new`: known by its source, which starts `class`. */
function isClass(value: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(value));
}
