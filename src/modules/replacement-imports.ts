/**
 * What a redirect's local copy imports. A local copy often lives outside the program: a checkout
 * of the library being debugged, with no `node_modules` of its own. Node then finds neither the
 * original it wraps nor the packages it depends on. A package that Node's own resolution does not
 * find beside the local copy is resolved again: as from the installed original's folder, where
 * the original finds its own dependencies (npm nests a second version there; pnpm places every
 * one beside it), then as from where the redirect was declared; a copy inside the program, or one
 * with its own `node_modules`, resolves as Node resolves it.
 */
import { isBuiltin, Module } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBareSpecifier, packageNameOf } from './matcher.js';
import { conditionsFor, type Manifest, packageFile, readManifest } from './package-exports.js';

/** A redirect, as the loaders of either thread know it. */
export interface Replacement {
  /** The specifier the program imports, which the local copy stands for. */
  readonly specifier: string;
  /** The local copy's file, or its package folder. */
  readonly root: string;
  /** A `file:` URL (a file, or a folder ending in `/`): where the redirect was declared. */
  readonly base: string;
  /**
   * A `file:` URL ending in `/`: the folder of the package the local copy stands for, as installed
   * where the redirect was declared; none for a file, a builtin, a package not installed.
   */
  readonly installed?: string | undefined;
  /** Whether the local copy is a package folder, whose subpaths stand for the package's. */
  readonly folder?: boolean | undefined;
}

/**
 * Where a redirect of a package to a package folder (a fork) sends a subpath of that package
 * (`pkg/sub` while `pkg` is redirected): the folder's own `./sub`, as its `exports` give it for
 * `kind` (else the path inside it), so that a program never mixes the fork's main with the
 * installed package's other files. `undefined` where no such redirect applies; a subpath the
 * folder does not export throws as Node does. Only looked at while redirects exist: one split of
 * the specifier and a map look-up, then a read of the folder's package.json for its subpaths.
 */
export function folderSubpath<R extends Replacement>(
  specifier: string,
  redirects: ReadonlyMap<string, R>,
  kind: 'import' | 'require',
): { readonly redirect: R; readonly path: string } | undefined {
  if (!specifier.includes('/') || !isBareSpecifier(specifier) || isBuiltin(specifier)) {
    return undefined;
  }
  const name = packageNameOf(specifier);
  const redirect = name.length < specifier.length ? redirects.get(name) : undefined;
  if (!redirect?.folder) return undefined;
  const subpath = `.${specifier.slice(name.length)}`;
  const file = packageFile(manifestOf(redirect), subpath, conditionsFor(kind));
  if (file === undefined) throw subpathNotExported(specifier, subpath, redirect);
  return { redirect, path: join(redirect.root, file) };
}

/**
 * The local copy's package.json, read once per redirect: a program may require a subpath in a
 * function it calls again and again, and each require asks here before Node's cache answers.
 */
const manifests = new WeakMap<Replacement, Manifest>();

function manifestOf(redirect: Replacement): Manifest {
  let manifest = manifests.get(redirect);
  if (manifest === undefined) {
    manifest = readManifest(redirect.root) ?? {};
    manifests.set(redirect, manifest);
  }
  return manifest;
}

/** Node's error for a subpath a package does not export, naming the redirect and the way out. */
function subpathNotExported(specifier: string, subpath: string, redirect: Replacement): Error {
  const error = new Error(
    `Package subpath '${subpath}' is not defined by "exports" in ${join(redirect.root, 'package.json')}, ` +
      `the local copy that redirect(${JSON.stringify(redirect.specifier)}) loads for ${specifier}: ` +
      `export it there, or redirect ${JSON.stringify(specifier)} on its own.`,
  );
  return Object.assign(error, { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
}

/**
 * The `file:` URL a request of the redirected specifier itself loads: `url`, the local copy's
 * entry for the request's kind. A package folder whose `exports` leave "." out for that kind has
 * none, and the request throws Node's `ERR_PACKAGE_PATH_NOT_EXPORTED`, naming the redirect, as
 * the package installed so would (rather than load a `main` its exports hide).
 */
export function localCopyUrl(
  url: string | undefined,
  redirect: Replacement,
  kind: 'import' | 'require',
): string {
  if (url !== undefined) return url;
  const error = new Error(
    `No "exports" main defined for ${kind} in ${join(redirect.root, 'package.json')}, ` +
      `the local copy that redirect(${JSON.stringify(redirect.specifier)}) loads: ` +
      `export "." there, import one of the subpaths it exports, or redirect to a file.`,
  );
  throw Object.assign(error, { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
}

/** Whether `path` is the local copy `root`, or a file inside it. */
export function isInsideRoot(path: string | undefined, root: string): boolean {
  if (!path) return false;
  return path === root || path.startsWith(root + sep);
}

/**
 * What `resolve` gives (Node's resolution of `specifier` from `parent`), or, where it failed
 * because nothing was found, for a package (`specifier` is bare) that a redirect's local copy
 * (the module `parent` names) imports, what `retry` resolves from that redirect's base; found
 * there neither, the error says both places were looked in. Any other failure (a relative path, a
 * package that is there but refuses the subpath, an importer that is no local copy) is Node's, as
 * it was. For the in-thread chain and `require`, which return what they resolve, and Node 20's
 * loader thread, whose chain returns promises.
 */
export function resolvedOrFromRedirectBase<R>(
  resolve: () => R,
  specifier: string,
  parent: string | undefined,
  replacements: Iterable<Replacement>,
  retry: (base: string) => R,
): R {
  const fromBase = (error: unknown): R =>
    fromRedirectBase(specifier, parent, error, replacements, retry);
  let result: R;
  try {
    result = resolve();
  } catch (error) {
    return fromBase(error);
  }
  return result instanceof Promise ? (result.catch(fromBase) as R) : result;
}

function fromRedirectBase<R>(
  specifier: string,
  parent: string | undefined,
  error: unknown,
  replacements: Iterable<Replacement>,
  retry: (base: string) => R,
): R {
  const code = (error as { code?: unknown } | null)?.code;
  const notFound = code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
  if (!notFound || !isBareSpecifier(specifier) || parent === undefined) throw error;
  const path = parent.startsWith('file:') ? fileURLToPath(parent) : parent;
  const replacement = [...replacements].find((candidate) => isInsideRoot(path, candidate.root));
  if (replacement === undefined) throw error;
  const unresolved = (retryError: unknown): never => {
    throw unresolvedInReplacement(specifier, parent, replacement, error, retryError);
  };
  const bases =
    replacement.installed === undefined
      ? [replacement.base]
      : [replacement.installed, replacement.base];
  return retriedAt(bases, retry, unresolved);
}

/**
 * What `retry` resolves from the first of `bases` where it finds the package (each tried once,
 * in order, sync or through promises alike); found at none, what `unresolved` makes of the last
 * failure.
 */
function retriedAt<R>(
  bases: readonly string[],
  retry: (base: string) => R,
  unresolved: (error: unknown) => never,
): R {
  const [base, ...rest] = bases as [string, ...string[]];
  const next = (error: unknown): R => {
    if (rest.length === 0) return unresolved(error);
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return unresolved(error);
    return retriedAt(rest, retry, unresolved);
  };
  let result: R;
  try {
    result = retry(base);
  } catch (error) {
    return next(error);
  }
  return result instanceof Promise ? (result.catch(next) as R) : result;
}

interface RequireParent {
  filename: string;
  paths: string[];
}

/**
 * A module standing at `base`, for `Module._resolveFilename` to resolve a `require` from (as
 * `createRequire(base)` does, without passing through the module hooks again).
 */
export function requireParentAt(base: string): RequireParent {
  const path = fileURLToPath(base);
  const filename = path.endsWith(sep) ? join(path, 'noop.js') : path;
  const statics = Module as unknown as {
    new (id: string): RequireParent;
    _nodeModulePaths(from: string): string[];
  };
  const parent = new statics(filename);
  parent.filename = filename;
  parent.paths = statics._nodeModulePaths(dirname(filename));
  return parent;
}

/**
 * What a local copy's import that was found neither beside it (`error`) nor from the redirect's
 * base (`retryError`) throws: Node's error (same code), saying both places were looked in, with
 * the require stack that leads to the local copy.
 */
function unresolvedInReplacement(
  specifier: string,
  parent: string,
  replacement: Replacement,
  error: unknown,
  retryError: unknown,
): Error {
  const first = error as { message?: unknown; requireStack?: unknown } | null;
  const retry = retryError as { message?: unknown; code?: unknown } | null;
  const from = parent.startsWith('file:') ? fileURLToPath(parent) : parent;
  const base = fileURLToPath(replacement.base);
  const firstMessage = String(first?.message ?? error);
  const stackAt = firstMessage.indexOf('\nRequire stack:');
  const message =
    `Cannot find "${specifier}" imported from ${from}, in the local copy that ` +
    `redirect(${JSON.stringify(replacement.specifier)}) loads: a package that a local copy ` +
    `does not have beside it resolves as from where the redirect was declared (${base}), ` +
    `and there: ${String(retry?.message ?? retryError).split('\n')[0]}` +
    (stackAt === -1 ? '' : firstMessage.slice(stackAt));
  const wrapped = new Error(message, { cause: retryError });
  if (typeof retry?.code === 'string') Object.assign(wrapped, { code: retry.code });
  if (Array.isArray(first?.requireStack)) {
    Object.assign(wrapped, { requireStack: first.requireStack });
  }
  return wrapped;
}
