import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { callerUrl } from '../internal/caller.js';
import { assertSpecifier } from './matcher.js';

/** Options of {@link lazyImport}. */
export interface LazyImportOptions {
  /** Where to resolve `specifier` from (a file path or URL); by default the calling file. */
  readonly from?: string | URL;
}

/**
 * A stand-in for a module that loads it on first use: reading a property, `in`, `Object.keys`.
 * Start-up does not pay for modules a run never touches. It loads synchronously (through
 * `require`, which loads ES modules too, without top-level await), so the module's `require`
 * build is used where a package ships both.
 *
 * @example
 * ```ts
 * import { lazyImport } from 'hookline/modules';
 * const yaml = lazyImport<typeof import('yaml')>('yaml'); // nothing loaded yet
 * yaml.parse('a: 1'); // loads now
 * ```
 */
export function lazyImport<T extends object = Record<string, any>>(
  specifier: string,
  options: LazyImportOptions = {},
): T {
  assertSpecifier(specifier, 'lazyImport(specifier)', 'a module specifier', 'lazyImport("yaml")');
  const from =
    options.from !== undefined
      ? String(options.from).startsWith('file:') || options.from instanceof URL
        ? options.from
        : pathToFileURL(String(options.from))
      : (callerUrl(lazyImport) ?? pathToFileURL(`${process.cwd()}/`));
  let loaded: { readonly exports: object } | undefined;
  const target = (): object => {
    if (!loaded) {
      const exports: unknown = createRequire(from)(specifier);
      loaded = { exports: Object(exports) as object };
    }
    return loaded.exports;
  };
  return new Proxy(Object.create(null) as T, {
    get: (_, key) => Reflect.get(target(), key),
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // The proxy's own target is empty: a property must be reported configurable to exist.
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
}
