import { createRequire } from 'node:module';
import { isAbsolute, join, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { callerUrl } from '../internal/caller.js';
import { CodePart, useCode } from '../internal/code-use.js';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { existsSync, realpathSync, statSync } from '../internal/fs.js';
import { internally } from '../internal/own-loads.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { filesImportedByPath } from './externalized-entries.js';
import { warnIfFileNamedAsPackage } from './file-named-as-package.js';
import { keepBuiltinReplacementsOnTop, watchGetBuiltinModule } from './get-builtin-module.js';
import { ensureEsmHooks } from './install.js';
import { offThreadInstalled } from './loaders/off-thread.js';
import {
  assertSpecifier,
  isBareSpecifier,
  isBuiltinKey,
  packageNameOf,
  targetKey,
} from './matcher.js';
import { warnIfMistypedBuiltin } from './mistyped-builtin.js';
import { watchNeverRedirected } from './never-ran.js';
import {
  conditionsFor,
  installedPackage,
  type Manifest,
  packageEntry,
  packageFile,
  readManifest,
} from './package-exports.js';
import { type RedirectEntry, registry } from './registry.js';
import { warnIfRunnerCannotSee } from './test-runner.js';

/**
 * Loads a local copy instead of the installed module (or instead of a module that is not
 * installed): every `import` and `require` of `specifier` (and `process.getBuiltinModule`, for a
 * builtin) gets `replacement`, a file or a package folder (absolute, relative to the working
 * directory, or a `file:` URL). `specifier` is a package name or builtin, or a file of the program
 * (`./conf.js` relative to the calling file, an absolute path, a `file:` URL). The local copy
 * itself still gets the original when it imports `specifier`, so it can wrap it; a package the
 * local copy does not find beside it (a checkout of the library outside the program, without its
 * own `node_modules`) resolves as from the file that called `redirect`.
 *
 * @example
 * ```ts
 * import { redirect } from 'hookline/modules';
 * // From now on every import and require of urllib2 gets the local copy:
 * const undo = redirect('urllib2', './import_hook_lib/urllib2.js');
 * undo(); // and from here on the installed one again
 * ```
 */
export function redirect(specifier: string, replacement: string | URL): Unhook {
  useCode(CodePart.redirect);
  return redirectFrom(specifier, replacement, callerUrl(redirect));
}

/**
 * {@link redirect}, declared by `declaredIn` (a `file:` URL; the working directory when it is
 * none): the file relative specifiers and the local copy's missing packages resolve from.
 */
export function redirectFrom(
  specifier: string,
  replacement: string | URL,
  declaredIn: string | undefined,
): Unhook {
  const named = typeof replacement === 'string' || replacement instanceof URL;
  const where = `redirect(${JSON.stringify(specifier)}, ${named ? JSON.stringify(String(replacement)) : 'replacement'})`;
  if (!named || String(replacement) === '') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'the local copy to load instead: a path (string) or a file: URL',
      received: describeValue(replacement),
      fix: 'Give a path relative to the working directory, an absolute path, or a file: URL, such as redirect("urllib2", "./local/urllib2.js").',
    });
  }
  assertSpecifier(
    specifier,
    'redirect(specifier, replacement)',
    'the module specifier to redirect, as the program imports it',
    'redirect("urllib2", "./local/urllib2.js")',
  );
  // Under vitest, a package is imported by its files' paths: the redirect is keyed on them too.
  const byPath = filesImportedByPath(specifier, declaredIn);
  if (byPath.length === 0) warnIfRunnerCannotSee('redirect', where, [specifier]);
  const key = targetKey(specifier, () => declaredIn, where);
  const base = declaredIn?.startsWith('file:')
    ? declaredIn
    : pathToFileURL(`${process.cwd()}${sep}`).href;
  const entry = {
    ...redirectEntry(specifier, replacement, base, where),
    installed: isBuiltinKey(key) ? undefined : installedOriginal(specifier, base),
  };
  warnIfMistypedBuiltin(key, where);
  warnIfFileNamedAsPackage(specifier, () => declaredIn, where);
  ensureEsmHooks(where, { resolve: true });
  watchNeverRedirected(entry, key, where, redirectedOffThread);
  if (!isBuiltinKey(key)) {
    const unstack = [key, ...byPath.map((url) => targetKey(url, () => declaredIn, where))].map(
      (filedUnder) => registry.setKeyed(registry.redirects, filedUnder, entry),
    );
    return createUnhook(() => {
      for (const undo of unstack) undo();
    });
  }
  watchGetBuiltinModule();
  const unstack = registry.setKeyed(registry.redirects, key, entry);
  const release = keepBuiltinReplacementsOnTop();
  return createUnhook(() => {
    unstack();
    release();
  });
}

/**
 * On Node 20, once its loader thread runs, the imports it sent to a local copy: it does not tell
 * the main thread, whose listing of redirects that never applied says so.
 */
function redirectedOffThread(): string | undefined {
  return offThreadInstalled()
    ? "or only ES modules imported it, which Node 20's loader thread redirects without telling this thread"
    : undefined;
}

function redirectEntry(
  specifier: string,
  replacement: string | URL,
  base: string,
  where: string,
): RedirectEntry {
  const given = localPath(replacement, where);
  let isFolder: boolean;
  let path: string;
  try {
    isFolder = statSync(given).isDirectory();
    // Named through a link (a workspace package in node_modules, an npm or pnpm link): the local
    // copy's files load from their real paths, as Node loads every module, and its own imports
    // of the original are told by that path.
    path = realpathSync(given);
  } catch (error) {
    throw new HooklineTypeError(
      'ERR_HOOKLINE_INVALID_ARGUMENT',
      {
        where,
        expected: 'an existing file or package folder to load instead',
        received: `${given}, which does not exist`,
        fix: missingReplacementFix(replacement, base),
      },
      { cause: error },
    );
  }
  if (!isFolder) {
    const url = pathToFileURL(path).href;
    return { specifier, url, requireUrl: url, root: path, base, folder: false };
  }
  // A folder without package.json is a plain folder: Node would load its index.js.
  const manifest = readManifest(path) ?? {};
  const entry = folderEntry(path, manifest, conditionsFor('import'));
  const requireEntry = folderEntry(path, manifest, conditionsFor('require'));
  // A folder that loads nothing (no index.js; a main not built yet) would fail every later import
  // of `specifier`, far from this call: refused here instead. One entry missing is left to fail as
  // Node fails it (an import-only package required), and so is "." where the folder's exports
  // leave it out but export subpaths, which the redirect is for.
  const rootless = entry === undefined && requireEntry === undefined && exportsSubpaths(manifest);
  if (!rootless && !isFile(entry) && !isFile(requireEntry)) {
    const missing = entry ?? requireEntry;
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'a file, or a package folder with a module to load',
      received:
        missing === undefined
          ? `the folder ${path}, whose package.json exports export nothing`
          : `the folder ${path}, where ${missing} does not exist`,
      fix: 'Build the local copy first, point its package.json main or exports "." at its entry file, or name that file itself.',
    });
  }
  return {
    specifier,
    url: entry === undefined ? undefined : pathToFileURL(entry).href,
    requireUrl: requireEntry === undefined ? undefined : pathToFileURL(requireEntry).href,
    root: path,
    base,
    folder: true,
  };
}

/**
 * The folder of the package `specifier` names as installed where the redirect was declared, as a
 * `file:` URL ending in `/`, at its real path (a pnpm store, a link), whose `node_modules` chain
 * holds the dependencies installed for it: a local fork's missing packages resolve from there
 * first. Looked up once, here; `undefined` for a file or a package not installed.
 */
function installedOriginal(specifier: string, base: string): string | undefined {
  if (!isBareSpecifier(specifier)) return undefined;
  const found = installedPackage(packageNameOf(specifier), fileURLToPath(new URL('.', base)));
  if (found === undefined) return undefined;
  try {
    return pathToFileURL(`${realpathSync(found.root)}${sep}`).href;
  } catch {
    return undefined;
  }
}

/**
 * The file a package folder loads as: its `exports` target, exact as Node takes it (`undefined`
 * where they do not export "." with `conditions`: Node refuses the package itself then); else
 * what Node's own resolution of the folder finds from its `main` (`lib/main` as `lib/main.js`, a
 * folder as its `index.js`) or its `index.js` — the same for `require` and `import`.
 */
function folderEntry(
  folder: string,
  manifest: Manifest,
  conditions: ReadonlySet<string>,
): string | undefined {
  if (manifest.exports !== undefined && manifest.exports !== null) {
    const file = packageFile(manifest, '.', conditions);
    return file === undefined ? undefined : join(folder, file);
  }
  try {
    // hookline's own look-up: neither audited nor redirected.
    return internally(() => createRequire(join(folder, 'noop.js')).resolve(folder));
  } catch {
    return join(folder, packageEntry(manifest, conditions));
  }
}

/** Whether a package's `exports` name subpaths (`./sub`), which a redirect to its folder covers. */
function exportsSubpaths(manifest: Manifest): boolean {
  const { exports } = manifest;
  return (
    typeof exports === 'object' &&
    exports !== null &&
    Object.keys(exports).some((key) => key.startsWith('./'))
  );
}

function isFile(path: string | undefined): boolean {
  if (path === undefined) return false;
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The path `replacement` names. A URL of another scheme (`https:`, `data:`) names no local copy:
 * refused here, before Node's own `ERR_INVALID_URL_SCHEME` would say so without naming the call.
 */
function localPath(replacement: string | URL, where: string): string {
  const url = replacement instanceof URL ? replacement : urlWithScheme(replacement);
  if (url === undefined) return resolvePath(replacement as string);
  if (url.protocol === 'file:') return fileURLToPath(url);
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where,
    expected: 'the local copy to load instead: a path (string) or a file: URL',
    received: `${url.protocol} URL ${String(replacement)}`,
    fix: 'Download or check out the module and give its path or file: URL; to load modules from another scheme, use registerScheme.',
  });
}

/** `text` as a URL where it starts with a scheme of two letters or more (`C:\\` is a path). */
function urlWithScheme(text: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]+:/i.test(text)) return undefined;
  return URL.canParse(text) ? new URL(text) : undefined;
}

/**
 * The way out for a local copy that is not there. A relative path is taken from the working
 * directory, where a test author often means the calling file's folder: where the file is there,
 * the fix says how to name it.
 */
function missingReplacementFix(replacement: string | URL, base: string): string {
  const plain = 'Give a path relative to the working directory, an absolute path, or a file: URL.';
  if (
    typeof replacement !== 'string' ||
    isAbsolute(replacement) ||
    replacement.startsWith('file:')
  ) {
    return plain;
  }
  const besideCaller = fileURLToPath(new URL(replacement, base));
  if (besideCaller === resolvePath(replacement) || !existsSync(besideCaller)) return plain;
  const named = JSON.stringify(replacement);
  return `Relative paths are taken from the working directory (${process.cwd()}), not from the calling file, beside which ${besideCaller} is: name it new URL(${named}, import.meta.url), or join(__dirname, ${named}) in CommonJS.`;
}
