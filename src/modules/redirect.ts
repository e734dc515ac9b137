import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { callerUrl } from '../internal/caller.js';
import { HooklineTypeError } from '../internal/errors.js';
import { readFileSync, statSync } from '../internal/fs.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { ensureEsmHooks } from './install.js';
import { assertSpecifier, targetKey } from './matcher.js';
import { type RedirectEntry, registry } from './registry.js';

/**
 * Loads a local copy instead of the installed module (or instead of a module that is not
 * installed): every `import` and `require` of `specifier` gets `replacement`, a file or a
 * package folder (absolute, relative to the working directory, or a `file:` URL). `specifier` is
 * a package name or builtin, or a file of the program (`./conf.js` relative to the calling file,
 * an absolute path, a `file:` URL). The local copy itself still gets the original when it
 * imports `specifier`, so it can wrap it.
 *
 * @example
 * ```ts
 * import { redirect } from 'hookline/modules';
 * using _ = redirect('urllib2', './import_hook_lib/urllib2.js');
 * ```
 */
export function redirect(specifier: string, replacement: string | URL): Unhook {
  const where = `redirect(${JSON.stringify(specifier)}, ${JSON.stringify(String(replacement))})`;
  assertSpecifier(
    specifier,
    'redirect(specifier, replacement)',
    'the module specifier to redirect, as the program imports it',
    'redirect("urllib2", "./local/urllib2.js")',
  );
  const key = targetKey(specifier, () => callerUrl(redirect), where);
  const entry = redirectEntry(specifier, replacement, where);
  ensureEsmHooks(where, { resolve: true });
  return createUnhook(registry.setKeyed(registry.redirects, key, entry));
}

function redirectEntry(specifier: string, replacement: string | URL, where: string): RedirectEntry {
  const path =
    replacement instanceof URL || String(replacement).startsWith('file:')
      ? fileURLToPath(replacement)
      : typeof replacement === 'string'
        ? resolvePath(replacement)
        : '';
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (error) {
    throw new HooklineTypeError(
      'ERR_HOOKLINE_INVALID_ARGUMENT',
      {
        where,
        expected: 'an existing file or package folder to load instead',
        received: `${path}, which does not exist`,
        fix: 'Give a path relative to the working directory, an absolute path, or a file: URL.',
      },
      { cause: error },
    );
  }
  const file = isFolder ? join(path, packageEntry(path)) : path;
  return { specifier, url: pathToFileURL(file).href, root: path };
}

/** The entry file of a package folder: its `exports` "." (import, then default), else `main`. */
function packageEntry(folder: string): string {
  let manifest: { exports?: unknown; main?: unknown } = {};
  try {
    manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  } catch {
    // A folder without package.json is a plain folder: Node would load its index.js.
  }
  const fromExports = exportsEntry(manifest.exports);
  if (fromExports) return fromExports;
  return typeof manifest.main === 'string' ? manifest.main : 'index.js';
}

function exportsEntry(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (typeof exports !== 'object' || exports === null || Array.isArray(exports)) return undefined;
  const map = exports as Record<string, unknown>;
  if ('.' in map) return exportsEntry(map['.']);
  for (const condition of ['import', 'node', 'default', 'require']) {
    const found = exportsEntry(map[condition]);
    if (found) return found;
  }
  return undefined;
}
