/**
 * What `node --import hookline/register` does: installs hookline's module hooks before the
 * program's first import, then applies the redirects and loads the preloads the configuration
 * names (`HOOKLINE_PRELOAD`, or the `hookline` key of package.json), after turning on the
 * transforms `HOOKLINE_TRANSFORM` names. See docs/modules.md and docs/transform.md.
 */
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { debug } from '../internal/debuglog.js';
import { existsSync, statSync } from '../internal/fs.js';
import { setPreloadImporter } from '../modules/audit.js';
import { ensureInstalled, setPreloading } from '../modules/install.js';
import { isBareSpecifier, packageNameOf } from '../modules/matcher.js';
import { exportedTarget, installedPackage } from '../modules/package-exports.js';
import { pnpActive } from '../modules/pnp-package.js';
import { redirectFrom } from '../modules/redirect.js';
import { type PreloadEntry, preloadTarget, readPreloadConfig } from './config.js';
import { importedBeforeRegister } from './imported-before.js';
import { isPnpInstalledCommand } from './pnp-command.js';

/** Loads an ES module by URL, as the `hookline/register` module itself would import it. */
export type ImportModule = (url: string) => Promise<unknown>;

/**
 * Installs the hooks, applies the configured redirects and loads the preloads, in order, each
 * with `importModule`. What `hookline/register` runs (through the bundled core, so that its state
 * is the one `hookline/modules` shares); not part of the public API.
 *
 * @internal
 * @example
 * ```ts
 * await startRegister((url) => import(url), import.meta.url);
 * ```
 */
export async function startRegister(
  importModule: ImportModule,
  importerUrl?: string,
): Promise<void> {
  ensureInstalled();
  // The preloads' importer: the audit reports them as the entry point, with none.
  if (importerUrl !== undefined) setPreloadImporter(importerUrl);
  // The program's own package.json holds its configuration: look from the entry script's folder
  // (Node has set process.argv[1] before --import modules run), else from the working directory.
  // A command installed by Yarn Plug'n'Play runs from its package's archive: the project's
  // configuration applies to it, as to one npm links into node_modules/.bin.
  const entryScript = process.argv[1] ? resolvePath(process.argv[1]) : undefined;
  const config = readPreloadConfig(
    process.cwd(),
    process.env,
    entryScript && !isPnpInstalledCommand(entryScript) ? entryFolder(entryScript) : undefined,
  );
  for (const entry of config.redirect) {
    try {
      redirectFrom(entry.specifier, entry.path, pathToFileURL(entry.manifest).href);
    } catch (error) {
      throw new Error(
        `hookline/register: the redirect of "${entry.specifier}" named by ${entry.from} was refused: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
  // The program's own files are rewritten from the first: the preloads' included. Imported only
  // when asked for, so that every start does not read the transforms' code: they share the core's
  // state through hookline/modules, as a program's own import of them would.
  if (config.transforms.length > 0) {
    if (importerUrl === undefined)
      throw new Error('hookline/register: no URL to find the transforms from');
    const { useSmartAssert } = (await importModule(
      new URL('../transform/index.js', importerUrl).href,
    )) as typeof import('../transform/index.js');
    for (const name of config.transforms) if (name === 'assert') useSmartAssert();
  }
  // Hooks the preloads add count on every module having passed hookline's loaders, unless
  // another --import ran first and may have loaded ES modules unseen.
  setPreloading(importerUrl === undefined || !importedBeforeRegister(importerUrl));
  try {
    await preloadAll(config.preload, importModule);
  } finally {
    setPreloading(false);
  }
}

/**
 * The folder to look for the program's package.json from. `node .` and `node app` name a package
 * folder, whose `main` is the entry script: its own package.json is the program's, where the
 * folder above it would miss it.
 */
function entryFolder(entryScript: string): string {
  try {
    if (statSync(entryScript, { throwIfNoEntry: false })?.isDirectory()) return entryScript;
  } catch {
    // Not ours to read (the permission model): the script's folder, as for a file.
  }
  return dirname(entryScript);
}

async function preloadAll(
  preloads: readonly PreloadEntry[],
  importModule: ImportModule,
): Promise<void> {
  for (const entry of preloads) {
    let url = entry.specifier;
    try {
      url = preloadUrl(entry);
      debug('preloading %s (from %s)', url, entry.from);
      await importModule(url);
    } catch (error) {
      const why = `hookline/register: could not preload "${entry.specifier}" named by ${entry.from}`;
      const hints = `${fileHint(entry.specifier, entry.base)}${typeScriptHint(url, error)}`;
      // Node shows where a module's syntax error is (file:line, the line, a caret) only for the
      // error object the compile threw: wrapped, the program would lose the place to look.
      if (error instanceof SyntaxError) throw withContext(error, why, hints);
      throw new Error(`${why}: ${error instanceof Error ? error.message : String(error)}${hints}`, {
        cause: error,
      });
    }
  }
}

/** `error`, its message (and the stack's first line) saying what hookline was doing. */
function withContext(error: SyntaxError, why: string, hints: string): SyntaxError {
  const first = `${error.name}: ${error.message}`;
  error.message = `${why}: ${error.message}${hints}`;
  if (typeof error.stack === 'string' && error.stack.includes(first)) {
    error.stack = error.stack.replace(first, `${error.name}: ${error.message}`);
  }
  return error;
}

/**
 * What a preload names, found as `--import` would find it from the program's folder. `import()`
 * here would look from hookline's own folder, which need not see the program's packages (a linked
 * or pnpm-installed hookline). A package with `exports` is resolved with the conditions of
 * `import` (a dual package's ES module build, as `--import` loads it); others as `require` finds
 * them, which for `main` and index.js is the same; what neither finds is left to `import()`, so
 * that its error tells why.
 */
function preloadUrl(entry: PreloadEntry): string {
  const target = preloadTarget(entry.specifier, entry.base);
  if (target.startsWith('/')) return pathToFileURL(target).href;
  // A builtin (`node:fs`) is imported as it is, as --import imports it.
  if (isBuiltin(target)) return target;
  const bare = isBareSpecifier(target);
  const found = bare ? exportedTarget(target, entry.base) : undefined;
  if (found !== undefined) {
    if (found.file !== undefined) return pathToFileURL(found.file).href;
    throw new Error(
      `the package at ${found.root} does not export it to import (see the "exports" of its package.json)`,
    );
  }
  try {
    return pathToFileURL(createRequire(join(entry.base, 'noop.js')).resolve(target)).href;
  } catch (error) {
    const notFound = (error as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND';
    if (bare && notFound) throw packageNotFound(target, entry);
    return target;
  }
}

/**
 * A package preload that is not installed where it is looked up from. `import()` would say it is
 * missing from hookline's own folder, which is not where it was looked for.
 */
function packageNotFound(target: string, entry: PreloadEntry): Error {
  const name = packageNameOf(target);
  const installed = installedPackage(name, entry.base);
  const lookedUp =
    entry.from === 'HOOKLINE_PRELOAD'
      ? 'HOOKLINE_PRELOAD names packages from the working directory'
      : `${entry.from} names packages from the folder of that package.json`;
  const message = installed
    ? `Cannot find "${target}" in the package at ${installed.root}, found from ${entry.base} (${lookedUp})`
    : pnpActive()
      ? `'${name}' is not a dependency of the project at ${entry.base}, and Yarn Plug'n'Play gives a project only the packages its package.json declares (${lookedUp}): add it there (yarn add ${name})`
      : `Cannot find package '${name}' in the node_modules of ${entry.base} or of a folder above it (${lookedUp})`;
  return Object.assign(new Error(message), { code: 'ERR_MODULE_NOT_FOUND' });
}

/**
 * A TypeScript preload on a Node that runs none (Node 20; 22 before 22.18 without
 * --experimental-strip-types): the way out is a loader that compiles it, preloaded first.
 */
function typeScriptHint(url: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.[cm]?ts$/.test(url)) return '';
  const node = `Node ${process.versions.node}`;
  const loader =
    'compile the preload to JavaScript, or load a TypeScript loader before hookline (node --import tsx --import hookline/register …)';
  // A Node that knows the flag strips types (22.18+, 24: unless told not to; 22.6–22.17: when told).
  if (!process.allowedNodeEnvironmentFlags.has('--experimental-strip-types')) {
    return `. ${node} runs no TypeScript by itself: ${loader}`;
  }
  if (stripsTypesByDefault()) {
    return `. ${node} strips TypeScript's types, but type stripping is off: drop --no-experimental-strip-types (from the command line or NODE_OPTIONS), or ${loader}`;
  }
  return `. ${node} strips TypeScript's types only when told: add --experimental-strip-types, or ${loader}`;
}

/** Whether this Node strips TypeScript's types without a flag (22.18+ and 23.6+). */
function stripsTypesByDefault(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
}

/**
 * A name that is no package but a file beside the configuration (`setup/hooks.mjs`) is read as
 * a package, as `--import` reads it: the error says how to name the file.
 */
function fileHint(specifier: string, base: string): string {
  if (preloadTarget(specifier, base) !== specifier || !existsSync(join(base, specifier))) return '';
  return `. "${specifier}" is read as a package name, as --import reads it; for the file ${join(base, specifier)}, write "./${specifier}"`;
}
