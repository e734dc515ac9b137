import { isBuiltin } from 'node:module';
import { isRegExp } from 'node:util/types';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { isLocalSpecifier, localModuleUrl } from './local-module.js';

/** A matcher taken apart for an O(1) lookup of names and a short list of patterns. */
export interface CompiledMatcher {
  /**
   * Exact module ids, looked up in a map: package names and deep paths as written, builtins as
   * `node:x`, and local files (`./conf.js`, absolute paths) as the `file:` URL they resolve to.
   */
  readonly names: readonly string[];
  readonly regexps: readonly RegExp[];
  readonly predicate: ((specifier: string) => boolean) | undefined;
  /** How messages name it. */
  readonly text: string;
}

/** `fs` and `node:fs` are one module: builtins are keyed as `node:<name>`. */
export function moduleKey(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  return isBuiltin(specifier) ? `node:${specifier}` : specifier;
}

/** Whether a module id names a builtin (`fs`, `node:fs`, `node:test`). */
export function isBuiltinKey(specifier: string): boolean {
  return isBuiltin(specifier);
}

/**
 * The key a hook, mock or redirect is filed under: {@link moduleKey} for names, and for a local
 * file (relative to `caller`, the file that called the API) the `file:` URL it resolves to.
 */
export function targetKey(
  specifier: string,
  caller: () => string | undefined,
  where: string,
): string {
  return isLocalSpecifier(specifier)
    ? localModuleUrl(specifier, caller(), where)
    : moduleKey(specifier);
}

/**
 * Checks and compiles what the user passed as `match`. `caller` gives the URL of the file that
 * called the API, which relative paths are resolved from (asked only when there is one).
 */
export function compileMatcher(
  match: unknown,
  where: string,
  caller: () => string | undefined,
): CompiledMatcher {
  const fail = () =>
    new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected:
        'a module name ("express", "node:fs", "pkg/sub"), a file ("./conf.js"), an array of them, a RegExp or a predicate on the specifier',
      received: describeValue(match),
      fix:
        urlObjectFix(Array.isArray(match) ? match.find((m) => m instanceof URL) : match) ??
        (Array.isArray(match) && match.length === 0
          ? 'An empty list hooks nothing: name at least one module, or skip the call when there is none.'
          : 'Pass the name the program imports, such as onImport("express", handler).'),
    });
  if (typeof match === 'string') {
    if (!isSpecifierText(match)) throw fail();
    return {
      names: [targetKey(match, caller, where)],
      regexps: [],
      predicate: undefined,
      text: match,
    };
  }
  if (Array.isArray(match)) {
    if (match.length === 0 || !match.every(isSpecifierText)) throw fail();
    return {
      names: match.map((m: string) => targetKey(m, caller, where)),
      regexps: [],
      predicate: undefined,
      text: match.join(', '),
    };
  }
  if (isRegExp(match)) {
    return { names: [], regexps: [match], predicate: undefined, text: String(match) };
  }
  if (typeof match === 'function') {
    return {
      names: [],
      regexps: [],
      predicate: match as (specifier: string) => boolean,
      text: match.name ? `${match.name}()` : 'a predicate',
    };
  }
  throw fail();
}

/** Whether a compiled matcher selects `specifier` through its patterns (not its names). */
export function matchesPattern(matcher: CompiledMatcher, specifier: string): boolean {
  for (const regexp of matcher.regexps) {
    regexp.lastIndex = 0;
    if (regexp.test(specifier)) return true;
  }
  const predicate = matcher.predicate;
  // What a predicate loads while it decides (a matcher library it requires on first use) is not
  // asked of it: that would call it again before it could answer, without end.
  if (!predicate || deciding.has(predicate)) return false;
  deciding.add(predicate);
  try {
    return predicate(specifier) === true;
  } finally {
    deciding.delete(predicate);
  }
}

/** The predicates running now. */
const deciding = new Set<(specifier: string) => boolean>();

/** The part of a bare specifier that names the package: `@s/p/x` → `@s/p`, `p/x` → `p`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** A name from a package.json's `imports` (`#internal/x`): each package maps it to its own files. */
export function isPackageImportsName(specifier: string): boolean {
  return specifier.startsWith('#');
}

/** `./x`, `../x`, `/x`, `file:…`, `C:\x`: not a package name. */
export function isBareSpecifier(specifier: string): boolean {
  return !(
    specifier.startsWith('.') ||
    specifier.startsWith('/') ||
    specifier.startsWith('#') ||
    /^[a-zA-Z][a-zA-Z\d+.-]*:/.test(specifier)
  );
}

/**
 * Whether `value` can name a module: a string with more than blanks in it. An empty or blank one
 * is a slip (a variable that was not set), which no module is named by.
 */
export function isSpecifierText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Refuses anything but a specifier, naming the call and an example of a good one. */
export function assertSpecifier(
  value: unknown,
  where: string,
  what: string,
  example: string,
): void {
  if (isSpecifierText(value)) return;
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where,
    expected: what,
    received: describeValue(value),
    fix: urlObjectFix(value) ?? `Pass a name such as ${example}.`,
  });
}

/**
 * The way out for a `URL` object where a specifier is a string: its text names the same file
 * (`new URL('./conf.js', import.meta.url)` is what a test author reaches for first).
 */
function urlObjectFix(value: unknown): string | undefined {
  if (!(value instanceof URL)) return undefined;
  return `A URL object is not taken for a specifier: pass its text, ${JSON.stringify(value.href)} (url.href).`;
}
