import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from '../internal/fs.js';
import { warn } from '../internal/warning.js';
import { isBareSpecifier, packageNameOf } from './matcher.js';

/** A name that ends like a file: what a path written without its `./` looks like. */
const FILE_LIKE = /\.(?:[cm]?[jt]sx?|json|node)$/;

/**
 * A name such as `'src/db.js'` is a package's (`src`), so its mock, redirect or hook applies to
 * that package only. Where no such package is installed and the file is there beside the caller,
 * the `./` was most likely forgotten, and nothing would ever apply, in silence: a
 * `HooklineWarning` names the file and how to name it. Only file-like names are looked at, once,
 * when the API is called.
 *
 * @example
 * ```ts
 * warnIfFileNamedAsPackage('src/db.js', () => import.meta.url, 'mockModule("src/db.js", exports)');
 * ```
 */
export function warnIfFileNamedAsPackage(
  specifier: string,
  caller: () => string | undefined,
  where: string,
): void {
  if (!isBareSpecifier(specifier) || isBuiltin(specifier) || !FILE_LIKE.test(specifier)) return;
  const from = callerFile(caller());
  const file = resolve(dirname(from), specifier);
  if (!existsSync(file) || packageInstalled(packageNameOf(specifier), from)) return;
  warn(
    `${where}: "${specifier}" is a name of the package "${packageNameOf(specifier)}", which is not installed, not of the file ${file} beside the caller: to name the file, write "./${specifier}"`,
  );
}

/** The file relative names are taken from: the caller's, or the working directory's. */
function callerFile(url: string | undefined): string {
  if (url?.startsWith('file:')) return fileURLToPath(url);
  return join(process.cwd(), '[eval]');
}

/** Whether a folder for `name` is in a node_modules that `from` looks in. */
function packageInstalled(name: string, from: string): boolean {
  const paths = createRequire(from).resolve.paths(name) ?? [];
  return paths.some((dir) => existsSync(join(dir, name)));
}
