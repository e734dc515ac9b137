import { asideOf } from '../../internal/cache-folder.js';
import { readFileSync, renameSync, rmSync, writeFileSync } from '../../internal/fs.js';
import { warnOnce } from '../../internal/warning.js';

/** Cache folders already reported as ones the permission model does not let hookline write. */
const unwritableReported = new Set<string>();

/**
 * Whether hookline may write into `cacheDir`: not where the permission model (`--permission`
 * without `--allow-fs-write` for it) refuses, which is said once per folder. Without the cache,
 * modules still load, downloaded at each run, and unpinned: a pin could not be kept either.
 */
export function cacheWritable(cacheDir: string): boolean {
  const permission = (process as { permission?: { has(scope: string, path?: string): boolean } })
    .permission;
  if (permission === undefined || permission.has('fs.write', cacheDir)) return true;
  warnOnce(
    unwritableReported,
    `httpRepository cannot keep what it downloads in ${cacheDir}, which the permission model does not let it write: each run downloads its modules again, and what the server sends is not pinned. Add --allow-fs-write=${cacheDir}`,
  );
  return false;
}

/**
 * The mode of the cache's folders: as Node's `mkdirSync` makes them, the umask deciding, since
 * threads and processes of other users may share the cache. `makeFolder`, not Node's recursive
 * `mkdirSync`, which loops for ever where `mkdir` answers ENOENT under a parent that exists
 * (a `cacheDir` under `/proc`).
 */
export const SHARED_FOLDER = 0o777;

/**
 * What a file system answers where a folder cannot be written: read-only, full, not a folder, or
 * one it will not make (ENOENT under `/proc`).
 */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC', 'EDQUOT', 'ENOENT']);

/**
 * `write`'s result, or `undefined` where the cache folder cannot be written (a read-only file
 * system, a folder of another user, a full disk), which is said once per folder: the module
 * still loads, unpinned and uncached, as where the permission model refuses the folder.
 */
export function unlessUnwritable<T>(cacheDir: string, write: () => T): T | undefined {
  try {
    return write();
  } catch (error) {
    const code = errorCode(error);
    if (code === undefined || !UNWRITABLE.has(code)) throw error;
    warnOnce(
      unwritableReported,
      `httpRepository cannot keep what it downloads in ${cacheDir}, which cannot be written (${code}): each run downloads its modules again, and what the server sends is not pinned. Make the folder writable, or pass the cacheDir option for one that is.`,
    );
    return undefined;
  }
}

/**
 * The cached copy in `file`, unless there is none or it is empty: an empty module is never
 * downloaded, and one cached by a version that took an empty answer for a module is not the module.
 * Downloaded again, it is checked against its pin, whose way out names the pin file.
 */
export function readCached(file: string): Uint8Array | undefined {
  try {
    const body = readFileSync(file);
    return body.byteLength > 0 ? body : undefined;
  } catch {
    // Not cached yet: it is downloaded.
    return undefined;
  }
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

export function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = asideOf(path);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    // A full disk or a folder made read-only meanwhile: no half-written file is left behind.
    rmSync(temporary, { force: true });
    throw error;
  }
}
