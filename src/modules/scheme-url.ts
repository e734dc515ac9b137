import { dirname, posix, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Resolves a specifier imported by a module that came from a scheme: `./b` inside
 * `repo:team/a` is `repo:team/b`. Works for hierarchical (`s3://host/a`) and opaque
 * (`repo:team/a`) URLs alike.
 */
export function resolveInScheme(specifier: string, parentURL: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const colon = parentURL.indexOf(':');
  const scheme = parentURL.slice(0, colon + 1);
  const rest = parentURL.slice(colon + 1);
  const authority = rest.startsWith('//')
    ? rest.slice(0, rest.indexOf('/', 2) + 1 || rest.length)
    : '';
  const path = rest.slice(authority.length);
  const joined = posix.normalize(posix.join(posix.dirname(`/${path}`), specifier)).slice(1);
  return `${scheme}${authority}${joined}`;
}

/**
 * Per scheme module, the program file its other imports (packages, `#imports`, builtins,
 * absolute paths) resolve from: the `file:` module that imported it first, directly or through
 * other scheme modules — the module is evaluated once, so its imports resolve once. Each thread
 * that resolves keeps its own record.
 */
const programBases = new Map<string, string>();

/** Records who imported scheme module `url`, unless someone did before. */
export function noteSchemeImporter(url: string, parentURL: string | undefined): void {
  if (programBases.has(url)) return;
  const inherited = parentURL === undefined ? undefined : programBases.get(parentURL);
  programBases.set(url, inherited ?? (parentURL?.startsWith('file:') ? parentURL : cwdUrl()));
}

/** Records the base another thread found for scheme module `url`, unless one is known. */
export function noteProgramBase(url: string, base: string): void {
  if (!programBases.has(url)) programBases.set(url, base);
}

/**
 * The URL scheme module `url` resolves its packages from: the program file that imported it,
 * else (imported from `data:`, the REPL, …) the working directory.
 */
export function programBase(url: string): string {
  return programBases.get(url) ?? cwdUrl();
}

/** The folder whose `node_modules` a scheme module's `require` looks in. */
export function programFolder(url: string): string {
  const base = fileURLToPath(programBase(url));
  return base.endsWith(sep) ? base : dirname(base);
}

function cwdUrl(): string {
  return pathToFileURL(`${process.cwd()}${sep}`).href;
}

/**
 * The `file:` URL Node gives an ES module that `require()` loads from a scheme, back to its scheme
 * URL. Node (22.12+, 24) evaluates a required ES module under `pathToFileURL(filename)`, and a
 * scheme module's filename is its URL, so `repo:team/x.js` runs as
 * `file:///<working directory>/repo:team/x.js`: its imports name that URL as their parent.
 */
const requiredSchemeModules = new Map<string, string>();

/** Records that `require()` loads scheme module `url` (called as it resolves, before it runs). */
export function noteRequiredSchemeModule(url: string): void {
  requiredSchemeModules.set(pathToFileURL(url).href, url);
}

/** The scheme URL of a module that `require()` loaded from a scheme, or `parentURL` itself. */
export function schemeParent(parentURL: string | undefined): string | undefined {
  return (parentURL && requiredSchemeModules.get(parentURL)) ?? parentURL;
}

/**
 * What a scheme module imports outside its scheme (a package, `#imports`, a builtin) resolves as
 * it would from the program file that imported the scheme module — the base a scheme module's
 * `require` uses too — and fails naming the specifier and the scheme module. For the in-thread
 * resolve chain, which returns results, and Node 20's loader thread, whose chain returns promises.
 */
export function fromProgram<C extends { parentURL?: string | undefined }, R>(
  specifier: string,
  parentURL: string,
  nextResolve: (request: string, context?: C) => R,
): (request: string, context?: C) => R {
  const base = programBase(parentURL);
  const unresolved = (error: unknown): never => {
    throw unresolvedFromScheme(specifier, parentURL, error);
  };
  return (request, context) => {
    let result: R;
    try {
      result = nextResolve(request, { ...context, parentURL: base } as C);
    } catch (error) {
      return unresolved(error);
    }
    return result instanceof Promise ? (result.catch(unresolved) as R) : result;
  };
}

/**
 * What a scheme module's import that failed to resolve from the program throws: Node's error
 * (same code) named after the specifier and the scheme module, with where it was looked for.
 */
export function unresolvedFromScheme(specifier: string, parentURL: string, error: unknown): Error {
  const cause = error as { message?: unknown; code?: unknown; requireStack?: unknown } | null;
  const base = fileURLToPath(programBase(parentURL));
  const message =
    `Cannot resolve "${specifier}" imported from ${parentURL}: a scheme module's packages, ` +
    `#imports and builtins resolve as from the program file that imported it (${base}), and ` +
    `there: ${String(cause?.message ?? error)}`;
  const wrapped = new Error(message, { cause: error });
  if (typeof cause?.code === 'string') Object.assign(wrapped, { code: cause.code });
  if (Array.isArray(cause?.requireStack))
    Object.assign(wrapped, { requireStack: cause.requireStack });
  return wrapped;
}
