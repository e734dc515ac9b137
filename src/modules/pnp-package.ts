import { sep } from 'node:path';

/**
 * Packages installed by Yarn Plug'n'Play (`nodeLinker: pnp`): there is no node_modules folder to
 * look in; Yarn's runtime (`.pnp.cjs`, loaded with `--require`, as `yarn node` does) knows where
 * each package a project declares lies (a folder inside a zip archive of .yarn/cache, which the fs
 * it patches reads), and puts `findPnpApi` on node:module to ask it.
 */

/** A package as Yarn's runtime names it: `reference` starts with `workspace:` for the project's. */
export interface PnpLocator {
  readonly name: string;
  readonly reference: string;
}

/** What hookline asks of Yarn's runtime: where packages are, and whose a file is. */
interface PnpApi {
  resolveToUnqualified(request: string, issuer: string): string | null;
  findPackageLocator(location: string): PnpLocator | null;
  getPackageInformation(locator: PnpLocator): { readonly packageLocation: string } | null;
}

type FindPnpApi = (lookupSource: string) => PnpApi | null;

/** Yarn's runtime for the project that holds `path`; `undefined` without one. */
export function pnpApiFor(path: string): PnpApi | undefined {
  const find = (process.getBuiltinModule('node:module') as { findPnpApi?: FindPnpApi }).findPnpApi;
  return find?.(path) ?? undefined;
}

/** Whether Yarn's Plug'n'Play runtime runs in this process (it sets `process.versions.pnp`). */
export function pnpActive(): boolean {
  return process.versions['pnp'] !== undefined;
}

/**
 * Whether `path` lies in a zip archive that Yarn's runtime reads (.yarn/cache, its global cache,
 * or a virtual path into them), where only the fs Yarn patches and Yarn's loader see files.
 */
export function inPnpArchive(path: string): boolean {
  return pnpActive() && /\.zip[\\/]/.test(path);
}

/**
 * The folder of the package `name` as Yarn's runtime gives it to a file in `folder`, whatever its
 * `exports` say; `undefined` where Plug'n'Play is not in use, where `folder` belongs to no project
 * it knows, or where that project does not declare the package (Yarn then refuses it).
 *
 * @example
 * ```ts
 * pnpPackageFolder('esm-only', '/app'); // '/app/.yarn/cache/esm-only-npm-1.0.0-….zip/node_modules/esm-only'
 * ```
 */
export function pnpPackageFolder(name: string, folder: string): string | undefined {
  if (!pnpActive()) return undefined;
  // A folder as the issuer: Yarn reads a path ending in the separator as the folder itself.
  const issuer = folder.endsWith(sep) ? folder : `${folder}${sep}`;
  try {
    return pnpApiFor(issuer)?.resolveToUnqualified(name, issuer) ?? undefined;
  } catch {
    // Not declared by the project (or by the package) `folder` is in.
    return undefined;
  }
}
