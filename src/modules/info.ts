import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { namedPackageOf } from '../internal/package-json.js';
import type { ImportInfo, ModuleFormat } from './types.js';

/**
 * What a handler is told about a module. The package is looked up only when `name` or
 * `version` is read, so a handler that never asks costs no file reads. Both come from the
 * package's own package.json (its root), not from a nested one that only sets a `type`.
 */
export function importInfo(location: string, format: ModuleFormat, specifier: string): ImportInfo {
  const path = location.startsWith('file:') ? fileURLToPath(location) : location;
  const pkg = () => (format === 'builtin' || !isAbsolute(path) ? undefined : namedPackageOf(path));
  const info: ImportInfo = {
    get name() {
      if (format === 'builtin')
        return specifier.startsWith('node:') ? specifier : `node:${specifier}`;
      return pkg()?.name ?? specifier;
    },
    get version() {
      return pkg()?.version;
    },
    path,
    format,
  };
  specifiers.set(info, specifier);
  return info;
}

/** The specifier each {@link importInfo} was made for: what selected the module. */
const specifiers = new WeakMap<ImportInfo, string>();

/** The specifier by which the hooks were selected for the module `info` describes. */
export function specifierOf(info: ImportInfo): string | undefined {
  return specifiers.get(info);
}
