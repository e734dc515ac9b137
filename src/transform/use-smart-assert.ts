import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { type TransformFilter, transform, type Unhook } from '../modules/index.js';
import { smartAssert } from './smart-assert.js';

/** The folder hookline's compiled code is in (dist/): its own files are never rewritten. */
const ownFolder = new URL('../', import.meta.url).href;

/**
 * The program's own JavaScript and TypeScript files: `file:` URLs outside any `node_modules`
 * folder and outside hookline itself. What `HOOKLINE_TRANSFORM` rewrites.
 *
 * @example
 * ```ts
 * import { programFiles } from 'hookline/transform';
 * programFiles('file:///app/test/a.test.mjs'); // true
 * programFiles('file:///app/node_modules/pkg/index.js'); // false
 * ```
 */
export function programFiles(url: string): boolean {
  if (typeof url !== 'string') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'programFiles(url)',
      expected: "a module's URL as a string",
      received: describeValue(url),
      fix: "Pass the URL a transform filter is given (a module's file: URL as text).",
    });
  }
  return (
    url.startsWith('file:') &&
    !url.startsWith(ownFolder) &&
    !/\/node_modules\//.test(url) &&
    /\.[cm]?[jt]s$/.test(new URL(url).pathname)
  );
}

/**
 * Makes every failing `assert(expr)` and `assert.ok(expr)` of node:assert in the modules that
 * load from now on say what each part of `expr` was ({@link smartAssert}), for the files `filter`
 * selects (by default the program's own, {@link programFiles}). What
 * `HOOKLINE_TRANSFORM=assert` does for `node --import hookline/register`. Modules loaded before
 * are not affected; the returned function undoes it for those loaded after.
 *
 * @example
 * ```ts
 * import { useSmartAssert } from 'hookline/transform';
 * const unhook = useSmartAssert();
 * await import('./checks.mjs'); // its asserts show their values when they fail
 * unhook();
 * ```
 */
export function useSmartAssert(filter: TransformFilter = programFiles): Unhook {
  return transform(filter, smartAssert);
}
