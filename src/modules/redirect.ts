import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { callerUrl } from '../internal/caller.js';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
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
  const key = targetKey(specifier, () => callerUrl(redirect), where);
  const entry = redirectEntry(specifier, replacement, where);
  ensureEsmHooks(where, { resolve: true });
  return createUnhook(registry.setKeyed(registry.redirects, key, entry));
}

function redirectEntry(specifier: string, replacement: string | URL, where: string): RedirectEntry {
  const path =
    replacement instanceof URL || replacement.startsWith('file:')
      ? fileURLToPath(replacement)
      : resolvePath(replacement);
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
  if (!isFolder) {
    const url = pathToFileURL(path).href;
    return { specifier, url, requireUrl: url, root: path };
  }
  const manifest = readManifest(path);
  return {
    specifier,
    url: pathToFileURL(join(path, packageEntry(manifest, conditionsFor('import')))).href,
    requireUrl: pathToFileURL(join(path, packageEntry(manifest, conditionsFor('require')))).href,
    root: path,
  };
}

interface Manifest {
  readonly exports?: unknown;
  readonly main?: unknown;
}

function readManifest(folder: string): Manifest {
  try {
    return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  } catch {
    // A folder without package.json is a plain folder: Node would load its index.js.
    return {};
  }
}

/**
 * The conditions Node resolves a package's `exports` with, for `import` or for `require`
 * (`module-sync` where `require` can load ES modules, Node 20.19+ and 22.12+), with those the
 * program was started with.
 */
function conditionsFor(kind: 'import' | 'require'): ReadonlySet<string> {
  const flags = startFlags();
  const conditions = new Set([kind, 'node', 'default', ...userConditions(flags)]);
  if (!flags.includes('--no-addons')) conditions.add('node-addons');
  if ((process.features as { require_module?: boolean }).require_module) {
    conditions.add('module-sync');
  }
  return conditions;
}

/** Node's flags: NODE_OPTIONS, then the command line's. */
function startFlags(): string[] {
  const fromEnvironment = process.env['NODE_OPTIONS']?.trim().split(/\s+/) ?? [];
  return [...fromEnvironment.filter(Boolean), ...process.execArgv];
}

/** `--conditions=x`, `--conditions x` and `-C x`: Node adds them to every resolution. */
function userConditions(flags: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const match = /^(?:--conditions|-C)(?:=(.*))?$/.exec(flags[i] ?? '');
    if (!match) continue;
    const value = match[1] ?? flags[++i];
    if (value) found.push(value.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return found;
}

/**
 * The entry file of a package folder, as Node would resolve the package by its name: its
 * `exports` "." with the request's conditions, else `main`, else index.js.
 */
function packageEntry(manifest: Manifest, conditions: ReadonlySet<string>): string {
  const fromExports = exportsEntry(manifest.exports, conditions);
  if (fromExports) return fromExports;
  return typeof manifest.main === 'string' ? manifest.main : 'index.js';
}

/** Node's rule: the first key of a conditions object, in the package's order, that applies. */
function exportsEntry(exports: unknown, conditions: ReadonlySet<string>): string | undefined {
  if (typeof exports === 'string') return exports;
  if (Array.isArray(exports)) {
    for (const item of exports) {
      const found = exportsEntry(item, conditions);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof exports !== 'object' || exports === null) return undefined;
  const map = exports as Record<string, unknown>;
  if ('.' in map) return exportsEntry(map['.'], conditions);
  for (const [condition, target] of Object.entries(map)) {
    if (!conditions.has(condition)) continue;
    const found = exportsEntry(target, conditions);
    if (found) return found;
  }
  return undefined;
}
