import { loadingInternally } from '../internal/own-loads.js';
import { RUNTIME_MODULE } from './esm/runtime-key.js';

/**
 * Whether a resolution is hookline's own doing: its internal look-ups, or an instrumented
 * module's epilogue importing itself or the runtime. Such resolutions are neither audited nor
 * matched.
 */
export function isOwnResolution(specifier: string, parentURL: string | undefined): boolean {
  return loadingInternally() || isEpilogueImport(specifier, parentURL);
}

/** An instrumented module's epilogue importing itself (its namespace) or the runtime. */
export function isEpilogueImport(specifier: string, parentURL: string | undefined): boolean {
  return specifier === parentURL || specifier === RUNTIME_MODULE;
}

/** Requests `require` was sent to a redirect's local copy for, innermost last. */
const rewritten: (readonly [path: string, specifier: string])[] = [];

/**
 * Runs `fn`, which loads `path` (a redirect's local copy) in place of `specifier`, so that
 * {@link asRequested} reports the load as the program wrote it.
 */
export function loadingInstead<T>(path: string, specifier: string, fn: () => T): T {
  rewritten.push([path, specifier]);
  try {
    return fn();
  } finally {
    rewritten.pop();
  }
}

/** The specifier the program wrote for a request hookline rewrote (see {@link loadingInstead}). */
export function asRequested(specifier: string): string {
  // Asked of every import and require: an empty list is not read at index -1, a look-up V8 makes
  // on the prototype chain.
  const count = rewritten.length;
  if (count === 0) return specifier;
  const last = rewritten[count - 1] as readonly [path: string, specifier: string];
  return last[0] === specifier ? last[1] : specifier;
}
