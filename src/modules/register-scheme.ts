import { CodePart, useCode } from '../internal/code-use.js';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { invalidOption, optionsRecord } from '../internal/options.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { ensureEsmHooks, hasInThreadHooks } from './install.js';
import { registry, type SchemeEntry } from './registry.js';
import { warnIfRunnerCannotSee } from './test-runner.js';
import type { SchemeLoader } from './types.js';

const RESERVED = new Set(['node:', 'file:', 'data:', 'blob:', 'hookline:']);

/**
 * Options of {@link registerScheme}.
 *
 * @example
 * ```ts
 * import { registerScheme, type SchemeOptions } from 'hookline/modules';
 * // Node 20 only: a loader that awaits, for `import` and `import()`.
 * const options = { async: true } satisfies SchemeOptions;
 * registerScheme('db', async (url) => ({ source: `export default ${JSON.stringify(url.pathname)}` }), options);
 * ```
 */
export interface SchemeOptions {
  /**
   * The loader returns a promise. Only where Node loads ES modules on its loader thread
   * (Node 20): `import` and `import()` then wait for it, and `require()` of the scheme is refused.
   * Where modules load in-thread (Node 22.15+, 24) nothing can wait for a promise while a module
   * loads, and this registration is refused: return the source synchronously instead.
   */
  readonly async?: boolean | undefined;
}

/**
 * Node 20 only: a loader that returns a promise, for `import` and `import()`, registered with
 * `{ async: true }`. Without that option it does not compile, and its first import throws
 * `ERR_HOOKLINE_ASYNC_LOADER` on every Node: Node 22.15+/24 cannot wait for it (no hook can wait
 * for a promise while a module loads in-thread), and refuses the option at registration; there,
 * return the source synchronously, as `httpRepository()` does.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { registerScheme } from 'hookline/modules';
 * const vendor = async (url: URL) => ({ source: await readFile(new URL(url.pathname, 'file:///opt/vendor/')) });
 * registerScheme('vendor', vendor, { async: true });
 * ```
 */
export function registerScheme(
  scheme: string,
  loader: SchemeLoader<true>,
  options: SchemeOptions & { readonly async: true },
): Unhook;
/**
 * Lets the program import modules by a URL scheme of your own — `import 'repo:team/util'` — with
 * `loader` fetching their source from anywhere (a database, an archive, a remote repository:
 * see `httpRepository`). Relative imports inside such a module stay in the scheme.
 *
 * @example
 * ```ts
 * import { registerScheme } from 'hookline/modules';
 * using _ = registerScheme('mem', (url) => ({ source: `export default ${JSON.stringify(url.pathname)}` }));
 * const specifier = 'mem:hello'; // a scheme's modules have no type declarations
 * const { default: path } = await import(specifier);
 * ```
 */
export function registerScheme(
  scheme: string,
  loader: SchemeLoader,
  options?: SchemeOptions,
): Unhook;
export function registerScheme(
  scheme: string,
  loader: SchemeLoader<true>,
  options?: SchemeOptions,
): Unhook {
  useCode(CodePart.registerScheme);
  const where = `registerScheme(${JSON.stringify(scheme)}, loader)`;
  const name = typeof scheme === 'string' ? (scheme.endsWith(':') ? scheme : `${scheme}:`) : '';
  if (!/^[a-z][a-z\d+.-]*:$/i.test(name) || RESERVED.has(name.toLowerCase())) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'a URL scheme of letters, digits, "+", "-" or "." that Node does not use itself',
      received: describeValue(scheme),
      fix: 'Pick a scheme of your own, such as "repo" (then import "repo:team/module").',
    });
  }
  if (typeof loader !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'a loader function (url) => ({ source, format })',
      received: describeValue(loader),
      fix: 'Pass a function, or httpRepository({ url }) for modules served over HTTP.',
    });
  }
  const key = name.toLowerCase();
  if (registry.schemes.has(key)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'a scheme not registered yet',
      received: `${key}, which is registered already`,
      fix: 'Undo the first registration (call its Unhook) before registering another loader.',
    });
  }
  const entry: SchemeEntry = { scheme: key, loader, async: asyncOption(options, scheme) };
  if (entry.async && hasInThreadHooks()) {
    throw new HooklineTypeError('ERR_HOOKLINE_ASYNC_LOADER', {
      where: `registerScheme(${JSON.stringify(scheme)}, loader, { async: true })`,
      expected: 'a synchronous loader on this Node, which loads modules in-thread without waiting',
      received: '{ async: true }',
      fix: 'Return { source } synchronously: httpRepository() fetches synchronously through a helper thread, or read the source ahead of the import.',
    });
  }
  warnIfRunnerCannotSee('registerScheme', where);
  ensureEsmHooks(where);
  registry.schemes.set(key, entry);
  registry.changed();
  return createUnhook(() => {
    if (registry.schemes.get(key) === entry) registry.schemes.delete(key);
    registry.changed();
  });
}

/** Whether the loader returns a promise: `options.async`, checked to be a boolean. */
function asyncOption(options: unknown, scheme: string): boolean {
  const where = `registerScheme(${JSON.stringify(scheme)}, loader, options)`;
  const { async } = optionsRecord(options, where, ['async'], `{ async: true }`);
  if (async !== undefined && typeof async !== 'boolean') {
    throw invalidOption(
      `registerScheme(${JSON.stringify(scheme)}, loader, { async })`,
      'true or false',
      async,
      'Pass { async: true } for a loader that returns a promise (Node 20 only), or leave it out.',
    );
  }
  return async === true;
}
