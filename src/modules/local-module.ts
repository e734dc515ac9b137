import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { statSync } from '../internal/fs.js';
import { internally } from '../internal/own-loads.js';

/**
 * Whether a specifier names a file rather than a package or builtin: `./x`, `../x`, `.`, `..`,
 * an absolute path, or a `file:` URL.
 */
export function isLocalSpecifier(specifier: string): boolean {
  return (
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    specifier === '.' ||
    specifier === '..' ||
    specifier.startsWith('file:') ||
    isAbsolute(specifier)
  );
}

/**
 * The `file:` URL of the module a local specifier stands for, the way the calling file would
 * load it: relative paths from the caller's folder (the working directory when the caller is
 * not a file), then Node's `require` resolution (an extension or `index.js` added, symlinks
 * followed), so `./conf` and `./conf.js` are one module. A JavaScript name of a TypeScript file
 * (`./db.js` for `db.ts`) is that file. A path that resolves to no file yet is kept as it is: a
 * module that does not exist can be mocked by its path too.
 */
export function localModuleUrl(
  specifier: string,
  caller: string | undefined,
  where: string,
): string {
  const base = caller?.startsWith('file:') ? dirname(fileURLToPath(caller)) : process.cwd();
  let path: string;
  try {
    path = specifier.startsWith('file:') ? fileURLToPath(specifier) : resolvePath(base, specifier);
  } catch (error) {
    throw new HooklineTypeError(
      'ERR_HOOKLINE_INVALID_ARGUMENT',
      {
        where,
        expected: 'a file: URL of a local file',
        received: describeValue(specifier),
        fix: 'Pass a URL such as new URL("./conf.js", import.meta.url).href, or a path.',
      },
      { cause: error },
    );
  }
  try {
    path = internally(() => createRequire(join(base, 'noop.js')).resolve(path));
  } catch {
    // No such file (yet): the module is matched by the path as given, which an import of a
    // module that does not exist can still name, unless it is a TypeScript file's `.js` name.
    path = typeScriptFileNamed(path) ?? path;
  }
  return pathToFileURL(path).href;
}

/** The TypeScript extensions a `.js`, `.jsx`, `.mjs` or `.cjs` name stands for, in turn. */
const typeScriptExtensions: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/**
 * The TypeScript file beside `path` that its JavaScript name stands for, if there is one: a
 * TypeScript program imports `src/db.ts` as `./db.js` (TypeScript's nodenext resolution, tsx,
 * ts-node and Vite find the `.ts` file), and its tests name it as its imports do.
 */
function typeScriptFileNamed(path: string): string | undefined {
  const extension = extname(path);
  for (const typeScript of typeScriptExtensions[extension] ?? []) {
    const candidate = path.slice(0, -extension.length) + typeScript;
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return undefined;
}
