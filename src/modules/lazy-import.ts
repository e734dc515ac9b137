import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeFrame, type StackFrame, structuredStack } from '../internal/call-site.js';
import { bound } from '../internal/captured.js';
import { CodePart, useCode } from '../internal/code-use.js';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { invalidOption, optionsRecord } from '../internal/options.js';
import { nodeModulesPackage } from '../internal/package-json.js';
import { assertSpecifier } from './matcher.js';
import { inPnpArchive } from './pnp-package.js';

/**
 * Options of {@link lazyImport}.
 *
 * @example
 * ```ts
 * import { type LazyImportOptions, lazyImport } from 'hookline/modules';
 * // Resolved as from the plugin folder, not from this file.
 * const options: LazyImportOptions = { from: '/srv/app/plugins/index.js' };
 * const plugin = lazyImport<{ start(): void }>('./audit-plugin.js', options);
 * ```
 */
export interface LazyImportOptions {
  /** Where to resolve `specifier` from (a file path or URL); by default the calling file. */
  readonly from?: string | URL | undefined;
}

/**
 * A stand-in for a module that loads it on first use: reading a property, `in`, `Object.keys`,
 * calling it or `new` (for a module whose exports are a function or a class). Start-up does not
 * pay for modules a run never touches. It loads synchronously (through `require`, which loads ES
 * modules too, without top-level await), so the module's `require` build is used where a package
 * ships both.
 *
 * The stand-in is callable whatever the module turns out to be, so `typeof` says `'function'`
 * for every stand-in, before and after loading: a value's `typeof` is fixed when it is made,
 * before the module is known. Calling one whose module is not a function throws a `TypeError`
 * (`ERR_HOOKLINE_NOT_A_FUNCTION`). An ES module's namespace is not callable: call its default
 * export (`lazy.default()`). Without a type argument the stand-in is `any`, as unknown as the
 * module is before it loads.
 *
 * @example
 * ```ts
 * import { lazyImport } from 'hookline/modules';
 * const yaml = lazyImport<typeof import('yaml')>('yaml'); // nothing loaded yet
 * yaml.parse('a: 1'); // loads now
 * const express = lazyImport<typeof import('express')>('express');
 * const app = express(); // a module that is a function: called, once loaded
 * ```
 */
export function lazyImport<T extends object = any>(
  specifier: string,
  options?: LazyImportOptions,
): T {
  useCode(CodePart.lazyImport);
  assertSpecifier(specifier, 'lazyImport(specifier)', 'a module specifier', 'lazyImport("yaml")');
  // One look at the stack gives the file to resolve from and the place an error will name.
  const caller = structuredStack(lazyImport, 1)[0];
  const from = resolvedFrom(options) ?? fileUrlOf(caller) ?? pathToFileURL(`${process.cwd()}/`);
  let loaded: { readonly exports: object } | undefined;
  // A module that failed to load fails each later use the same way, without running again:
  // `require` would run a CommonJS module that threw once more at each property read.
  let failed: { readonly error: unknown } | undefined;
  const target = (): object => {
    if (loaded) return loaded.exports;
    if (failed) throw failed.error;
    try {
      const exports = requireOnFirstUse(specifier, from);
      loaded = { exports: Object(exports) as object };
      // A proxy looks its traps up at each use: from now on reads go straight to the module.
      handler.get = readerOf(loaded.exports, exports);
    } catch (error) {
      failed = { error };
      if (caller) noteWhereCalled(error, specifier, caller);
      throw error;
    }
    return loaded.exports;
  };
  const callable = (how: string): ((...args: unknown[]) => unknown) => {
    const exports = target();
    if (typeof exports === 'function') return exports as (...args: unknown[]) => unknown;
    throw new HooklineTypeError('ERR_HOOKLINE_NOT_A_FUNCTION', {
      where: `${how}lazyImport(${JSON.stringify(specifier)})(…)`,
      expected: 'a module whose exports are a function or a class',
      received: describeValue(exports),
      fix: 'Use the exports it has instead (an ES module: call its default export, lazy.default()).',
    });
  };
  // A bound function: callable and constructible (so `apply` and `construct` can be trapped),
  // with no own property a proxy must keep reporting (`prototype` is one), whatever the module has.
  const stand = bound(function lazyModule() {}, null);
  showsWhatItStandsFor(stand, specifier, () => loaded?.exports);
  const handler: ProxyHandler<object> = {
    // `await`, `Promise.resolve` and an async function's `return` read `then`: answering it
    // without loading keeps `await lazy` (or a factory returning a stand-in) from loading it.
    get: (_, key) =>
      key === 'then' && loaded === undefined ? undefined : Reflect.get(target(), key),
    set: (_, key, value) => Reflect.set(target(), key, value),
    deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
    defineProperty: (_, key, descriptor) => {
      refuseNonConfigurable(specifier, key, descriptor);
      return Reflect.defineProperty(target(), key, descriptor);
    },
    preventExtensions: () => refuseToFreeze(specifier),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // The proxy's own target is empty: a property must be reported configurable to exist.
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
    apply: (_, self, args) => Reflect.apply(callable(''), self, args),
    construct: (_, args, newTarget) => {
      const made = callable('new ');
      // `new lazy()` makes an instance of the module's class; `class X extends lazy` one of X.
      return Reflect.construct(made, args, newTarget === proxy ? made : newTarget);
    },
  };
  const proxy = new Proxy(stand, handler) as T;
  return proxy;
}

/**
 * A proxy may not report a property non-configurable unless its own target has it so, and the
 * stand-in's target is an empty function: such a definition is refused before the module changes.
 */
function refuseNonConfigurable(
  specifier: string,
  key: string | symbol,
  descriptor: PropertyDescriptor,
): void {
  if (descriptor.configurable !== false) return;
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where: `Object.defineProperty(lazyImport(${JSON.stringify(specifier)}), ${JSON.stringify(String(key))}, …)`,
    expected: 'a configurable property (the stand-in cannot report a non-configurable one)',
    received: '{ configurable: false }',
    fix: 'Leave configurable out or true, or define it on the module itself (require it once loaded).',
  });
}

/**
 * Freezing, sealing or `preventExtensions` would have to make the proxy's own target
 * non-extensible, after which its keys would have to be the target's (none): the stand-in would
 * break. Refused, changing nothing.
 */
function refuseToFreeze(specifier: string): never {
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where: `Object.freeze / seal / preventExtensions(lazyImport(${JSON.stringify(specifier)}))`,
    expected: 'a value that can be made non-extensible',
    received: 'a lazyImport stand-in, which must stay extensible to stand for its module',
    fix: 'Freeze the module itself (require it once loaded), or a copy of it: Object.freeze({ ...lazy }).',
  });
}

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/**
 * `util.inspect` (and so `console.log`) formats a proxy's target, not through its traps: without
 * this, every stand-in would print as `[Function: bound lazyModule]`, loaded or not. Printing it
 * does not load the module; once loaded, it prints as the module does.
 */
function showsWhatItStandsFor(
  stand: object,
  specifier: string,
  exports: () => object | undefined,
): void {
  const show = (
    _depth: number,
    options: object,
    inspect: (value: unknown, options: object) => string,
  ) => {
    const loaded = exports();
    return loaded === undefined
      ? `[lazyImport(${JSON.stringify(specifier)}), not loaded yet]`
      : inspect(loaded, options);
  };
  // Configurable, so the proxy need not report it among the module's own keys.
  Reflect.defineProperty(stand, inspectCustom, { value: show, configurable: true });
}

/**
 * The file of the frame that called `lazyImport`, as a `file:` URL; `undefined` where the caller
 * is not a file (`node -e` and piped code name their frames `[eval]` and `[stdin]`, which
 * `createRequire` refuses), so that the stand-in resolves from the working directory, as
 * `require` there does.
 */
function fileUrlOf(frame: StackFrame | undefined): string | undefined {
  const file = frame?.getFileName();
  if (!file) return undefined;
  if (file.startsWith('/')) return pathToFileURL(file).href;
  return file.startsWith('file:') ? file : undefined;
}

/**
 * The error of a first use is thrown far from the `lazyImport` call that named the module, and
 * `require`'s own frames fill the stack: a last line names the call, as a frame, so the stack
 * says where. Nothing else of the error changes; an error whose stack cannot be set is left.
 */
function noteWhereCalled(error: unknown, specifier: string, caller: StackFrame): void {
  try {
    const stack: unknown =
      typeof error === 'object' && error ? Reflect.get(error, 'stack') : undefined;
    if (typeof stack !== 'string') return;
    const { file, line, column } = describeFrame(caller);
    const at = `    at lazyImport(${JSON.stringify(specifier)}) (${file}:${line}:${column})`;
    Reflect.set(error as object, 'stack', `${stack}\n${at}`);
  } catch {
    // A stack getter that throws: the error goes on as it was.
  }
}

/**
 * The `get` trap once the module has loaded. A module whose exports are a primitive (a string,
 * such as the path a tool's package exports) is stood in for by its wrapper object, whose
 * methods (`toString`, `valueOf`, `endsWith`) refuse any `this` but the primitive: they are
 * given it, so `${lazy}`, `String(lazy)` and `lazy.endsWith(…)` work.
 */
function readerOf(exports: object, original: unknown): NonNullable<ProxyHandler<object>['get']> {
  if (exports === original) return (_, key) => Reflect.get(exports, key);
  return (_, key) => {
    const value: unknown = Reflect.get(exports, key);
    return typeof value === 'function' ? bound(value, original) : value;
  };
}

/** Where `options.from` says to resolve from, checked: a path or a URL (string or `URL`). */
function resolvedFrom(options: unknown): string | URL | undefined {
  const { from } = optionsRecord(
    options,
    'lazyImport(specifier, options)',
    ['from'],
    'lazyImport("yaml", { from: import.meta.url })',
  );
  if (from === undefined || from instanceof URL) return from;
  if (typeof from !== 'string' || from.trim() === '') {
    throw invalidOption(
      'lazyImport(specifier, { from })',
      'the file to resolve from: a path, a file: URL or a URL object',
      from,
      'Pass a file, such as { from: import.meta.url }, or leave from out to resolve from the calling file.',
    );
  }
  return from.startsWith('file:') ? from : pathToFileURL(from);
}

/**
 * The module, loaded by `require` (the first use is synchronous). Where that is why it cannot
 * load — an ES module with top-level await, a package that exports the entry only to `import` —
 * the error says to use import() instead, keeping Node's code and its error as the cause.
 */
function requireOnFirstUse(specifier: string, from: string | URL): unknown {
  try {
    return createRequire(from)(specifier);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const importIt = `await import(${JSON.stringify(specifier)})`;
    const why = typeof code === 'string' ? requireCannotLoad(code, error, importIt) : undefined;
    if (why === undefined) throw error;
    throw Object.assign(
      new Error(`lazyImport(${JSON.stringify(specifier)}): ${why}`, { cause: error }),
      {
        code,
      },
    );
  }
}

/** Why `require` could not load a module that `import()` may, for the errors that say so. */
function requireCannotLoad(code: string, error: unknown, importIt: string): string | undefined {
  if (code === 'ERR_REQUIRE_ASYNC_MODULE') {
    return `it is an ES module with top-level await, which loading on first use cannot wait for (that first use is synchronous). Load it with ${importIt} instead`;
  }
  if (code === 'ERR_MODULE_NOT_FOUND') return notFoundInArchive(error, importIt);
  if (code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
  // Also a subpath the package does not export at all: the advice is conditional.
  return `${(error as Error).message}. lazyImport loads by require, which takes the package's "require" or "default" export: if the package exports it only to import, load it with ${importIt} instead`;
}

/**
 * Node 20's `require()` of an ES module links what it imports with Node's own resolution, which
 * cannot see into Yarn Plug'n'Play's zip archives (`import()` goes through Yarn's loader): a file
 * there that the module imports is "not found".
 */
function notFoundInArchive(error: unknown, importIt: string): string | undefined {
  const url = (error as { url?: unknown }).url;
  if (typeof url !== 'string' || !url.startsWith('file:')) return undefined;
  const path = fileURLToPath(url);
  if (!inPnpArchive(path)) return undefined;
  const name = nodeModulesPackage(path)?.name ?? '<package>';
  return `${(error as Error).message}. lazyImport loads by require, and Node ${process.versions.node}'s require() of an ES module cannot find the files it imports inside a Yarn Plug'n'Play zip archive: load it with ${importIt} instead, unplug its package (yarn unplug ${name}), or run Node 22.15+`;
}
