/**
 * What `node --import hookline/register` does: installs hookline's module hooks before the
 * program's first import, then applies the redirects and loads the preloads the configuration
 * names (`HOOKLINE_PRELOAD`, or the `hookline` key of package.json). See docs/modules.md.
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { debug } from '../internal/debuglog.js';
import { existsSync } from '../internal/fs.js';
import { ensureInstalled, setPreloading } from '../modules/install.js';
import { isBareSpecifier } from '../modules/matcher.js';
import { exportedTarget } from '../modules/package-exports.js';
import { redirectFrom } from '../modules/redirect.js';
import { type PreloadEntry, preloadTarget, readPreloadConfig } from './config.js';

/** Loads an ES module by URL, as the `hookline/register` module itself would import it. */
export type ImportModule = (url: string) => Promise<unknown>;

/**
 * Installs the hooks, applies the configured redirects and loads the preloads, in order, each
 * with `importModule`.
 *
 * @example
 * ```ts
 * await startRegister((url) => import(url));
 * ```
 */
export async function startRegister(importModule: ImportModule): Promise<void> {
  ensureInstalled();
  // The program's own package.json holds its configuration: look from the entry script's folder
  // (Node has set process.argv[1] before --import modules run), else from the working directory.
  const entryScript = process.argv[1];
  const config = readPreloadConfig(
    process.cwd(),
    process.env,
    entryScript ? dirname(resolvePath(entryScript)) : undefined,
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
  setPreloading(true);
  try {
    await preloadAll(config.preload, importModule);
  } finally {
    setPreloading(false);
  }
}

async function preloadAll(
  preloads: readonly PreloadEntry[],
  importModule: ImportModule,
): Promise<void> {
  for (const entry of preloads) {
    const url = preloadUrl(entry);
    debug('preloading %s (from %s)', url, entry.from);
    try {
      await importModule(url);
    } catch (error) {
      throw new Error(
        `hookline/register: could not preload "${entry.specifier}" named by ${entry.from}: ${error instanceof Error ? error.message : String(error)}${fileHint(entry.specifier, entry.base)}${typeScriptHint(url, error)}`,
        {
          cause: error,
        },
      );
    }
  }
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
  const found = isBareSpecifier(target) ? exportedTarget(target, entry.base) : undefined;
  if (found !== undefined) {
    if (found.file !== undefined) return pathToFileURL(found.file).href;
    throw new Error(
      `hookline/register: could not preload "${entry.specifier}" named by ${entry.from}: the package at ${found.root} does not export it to import (see the "exports" of its package.json)`,
    );
  }
  try {
    return pathToFileURL(createRequire(join(entry.base, 'noop.js')).resolve(target)).href;
  } catch {
    return target;
  }
}

/**
 * A TypeScript preload on a Node that runs none (Node 20; 22 before 22.18 without
 * --experimental-strip-types): the way out is a loader that compiles it, preloaded first.
 */
function typeScriptHint(url: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.[cm]?ts$/.test(url)) return '';
  return `. Node ${process.versions.node} runs no TypeScript by itself: compile the preload to JavaScript, or load a TypeScript loader before hookline (node --import tsx --import hookline/register …)`;
}

/**
 * A name that is no package but a file beside the configuration (`setup/hooks.mjs`) is read as
 * a package, as `--import` reads it: the error says how to name the file.
 */
function fileHint(specifier: string, base: string): string {
  if (preloadTarget(specifier, base) !== specifier || !existsSync(join(base, specifier))) return '';
  return `. "${specifier}" is read as a package name, as --import reads it; for the file ${join(base, specifier)}, write "./${specifier}"`;
}
