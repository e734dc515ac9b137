import { createRequire, isBuiltin } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { realpathSync } from '../internal/fs.js';
import { internally } from '../internal/own-loads.js';
import { isBareSpecifier } from './matcher.js';
import { exportedTarget } from './package-exports.js';
import { testRunnerOf } from './test-runner.js';

/**
 * Under vitest, the `file:` URLs of the files a package specifier (`'axios'`, `'pkg/sub'`)
 * stands for, from the file that named it (`caller`, a `file:` URL; the working directory when
 * there is none): vitest resolves a test's imports of a package itself and has Node import the
 * file by its path, which a mock or redirect keyed on the name would not match, so it is keyed
 * on these files too. Both the `import` and the `require` entry, where a package has two. None
 * outside vitest, for anything but a package, or for a package not installed: asked only at the
 * call of mockModule and redirect.
 */
export function filesImportedByPath(specifier: string, caller: string | undefined): string[] {
  if (testRunnerOf() !== 'vitest' || !isBareSpecifier(specifier) || isBuiltin(specifier)) {
    return [];
  }
  const folder = caller?.startsWith('file:')
    ? fileURLToPath(new URL('.', caller))
    : `${process.cwd()}${sep}`;
  const files = new Set<string>();
  // hookline's own look-ups: neither audited nor mocked nor redirected.
  internally(() => {
    const imported = exportedTarget(specifier, folder)?.file;
    if (imported !== undefined) addReal(files, imported);
    try {
      addReal(files, createRequire(join(folder, 'noop.js')).resolve(specifier));
    } catch {
      // Not installed, or only `import` can load it: nothing (more) to key on.
    }
  });
  return [...files].map((file) => pathToFileURL(file).href);
}

function addReal(files: Set<string>, path: string): void {
  try {
    files.add(realpathSync(path));
  } catch {
    // A target that does not exist: no import by path can load it either.
  }
}
