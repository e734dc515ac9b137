import { dirname, resolve as resolvePath, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isRegExp } from 'node:util/types';
import { CodePart, useCode } from '../internal/code-use.js';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { realpathSync, statSync } from '../internal/fs.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { ensureEsmHooks } from './install.js';
import { watchNeverTransformed } from './never-ran.js';
import { registry, type TransformEntry } from './registry.js';
import { warnIfRunnerCannotSee } from './test-runner.js';
import { watchTransformErrors } from './transform-errors.js';
import type { Transformer, TransformFilter } from './types.js';

/**
 * Rewrites the source of the modules `filter` selects as they load, CommonJS and ES modules
 * alike. Return the new code, or `{ code, map }`: the map is composed with the source's own, so
 * stack traces (with `--enable-source-maps`) and debuggers point at the original lines. Modules
 * already loaded are not affected.
 *
 * @example
 * ```ts
 * import { transform } from 'hookline/modules';
 * // Modules under src/ that load from now on; a `using` would end it with the enclosing block.
 * transform('src/', (source) => source.replaceAll('__BUILD__', '"42"'));
 * ```
 */
export function transform(filter: TransformFilter, transformer: Transformer): Unhook {
  useCode(CodePart.transform);
  const where = 'transform(filter, transformer)';
  if (typeof transformer !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'a function (source, info) => code | { code, map }',
      received: describeValue(transformer),
      fix: 'Pass the transform as the second argument.',
    });
  }
  const entry = transformEntry(filter, transformer, where);
  warnIfRunnerCannotSee('transform', where);
  ensureEsmHooks(where, { load: true });
  watchTransformErrors();
  registry.transforms.add(entry);
  registry.changed();
  watchNeverTransformed(entry);
  return createUnhook(() => {
    registry.transforms.delete(entry);
    registry.changed();
  });
}

function transformEntry(
  filter: TransformFilter,
  transformer: Transformer,
  where: string,
): TransformEntry {
  if (isRegExp(filter)) {
    return {
      filter,
      transformer,
      test: (url) => {
        filter.lastIndex = 0;
        return filter.test(url);
      },
    };
  }
  if (typeof filter === 'function')
    return { filter, transformer, test: (url) => filter(url) === true };
  if (typeof filter === 'string' && filter !== '') {
    const path = resolvePath(filter);
    const folder = filter.endsWith('/') || filter.endsWith(sep) || isFolder(path);
    const prefixOf = (at: string) => {
      const url = pathToFileURL(at).href;
      return folder ? `${url.replace(/\/$/, '')}/` : url;
    };
    // Node loads a module from its real path (a pnpm store's `node_modules/.pnpm/…`, a
    // workspace package's own folder), and from the path through the link only with
    // --preserve-symlinks: both select it.
    const prefixes = [...new Set([prefixOf(path), prefixOf(realPathThroughLinks(path))])];
    const [prefix, real] = prefixes as [string, string | undefined];
    return {
      filter,
      transformer,
      prefixes,
      test:
        real === undefined
          ? (url) => url.startsWith(prefix)
          : (url) => url.startsWith(prefix) || url.startsWith(real),
    };
  }
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where,
    expected: 'a path prefix such as "src/", a RegExp on the module URL, or a predicate',
    received: describeValue(filter),
    fix: 'Say which files to rewrite, for example transform(/\\.test\\.js$/, fn).',
  });
}

/**
 * `path` with the links in it followed: the real path of the part that exists, and the rest as
 * given (a prefix may name files that do not exist yet, or part of a file name).
 */
function realPathThroughLinks(path: string): string {
  let existing = path;
  let rest = '';
  for (;;) {
    try {
      return realpathSync(existing) + rest;
    } catch {
      // Not there (yet): follow the links of the folder above it.
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest = path.slice(parent.length);
      existing = parent;
    }
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // A prefix need not exist yet (files may be created later): it is then taken literally.
    return false;
  }
}
