import { join } from 'node:path';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from './fs.js';
import { internally } from './own-loads.js';
import { packageInfo } from './package-info.js';

/** `undefined` until first asked, `null` when caching is off or impossible. */
let folder: string | null | undefined;

/**
 * The folder where hookline keeps what it can reuse across runs (instrumented modules, its own
 * compiled code), or `null` when caching is off or impossible. `HOOKLINE_CACHE` names it (`0`
 * turns caching off); by default a folder of this user's under the system's temporary folder.
 * Entries belong to the hookline build that made them: a new hookline, or a new build of it,
 * starts a folder of its own, and the folders of other builds that have not changed for a week go
 * (not at once: two projects on one machine may use two versions of hookline by turns).
 *
 * @example
 * ```ts
 * const dir = cacheFolder();
 * if (dir !== null) writeAside(join(dir, 'entry.json'), '{}');
 * ```
 */
export function cacheFolder(): string | null {
  if (folder !== undefined) return folder;
  folder = null;
  const setting = process.env['HOOKLINE_CACHE'];
  if (setting === '0' || setting === 'false') return folder;
  try {
    const base = setting || join(systemTmpdir(), `hookline-cache-${process.getuid?.() ?? 'user'}`);
    mkdirSync(base, { recursive: true, mode: 0o700 });
    if (!ownedAndPrivate(base)) return folder;
    // Every build writes this file anew: its size and time name the build.
    const code = statSync(new URL('./cache-folder.js', import.meta.url));
    const build = `${packageInfo().version}-${code.size}-${Math.trunc(code.mtimeMs)}`;
    const dir = join(base, build);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      removeStale(base, build);
    }
    folder = dir;
  } catch {
    // No writable temporary folder (a read-only container): nothing is cached.
  }
  return folder;
}

/** How long the folder of another build is kept unchanged before it is taken for unused. */
const staleAfterMs = 7 * 24 * 60 * 60 * 1000;

/** Removes the folders of other builds than `build` that have not changed for a week. */
function removeStale(base: string, build: string): void {
  const now = Date.now();
  for (const other of readdirSync(base)) {
    if (other === build) continue;
    const path = join(base, other);
    try {
      if (now - statSync(path).mtimeMs > staleAfterMs)
        rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another process.
    }
  }
}

/**
 * Writes `data` to `file` aside and renames it into place, so that a process reading at the same
 * time sees the old content or the new, never half of it. A write that fails leaves nothing.
 *
 * @example
 * ```ts
 * writeAside('/tmp/hookline-cache-1000/entry.json', JSON.stringify(entry));
 * ```
 */
export function writeAside(file: string, data: string | Uint8Array): void {
  const aside = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(aside, data, { mode: 0o600 });
    renameSync(aside, file);
  } catch {
    rmSync(aside, { force: true });
  }
}

/**
 * 64 bits of FNV-1a, as hex: names a cache file; what the file holds is checked on reading.
 *
 * @example
 * ```ts
 * fingerprint('file:///app/x.mjs\0express'); // '9f3c…'
 * ```
 */
export function fingerprint(text: string): string {
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    low = Math.imul(low ^ code, 0x01000193) >>> 0;
    high = Math.imul(high ^ code, 0x01000193) >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

/**
 * Code read from the cache runs in this process: a folder another user made, or could write
 * into, is not used.
 */
function ownedAndPrivate(dir: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true; // Windows: the folder is under the user's own profile
  const stats = statSync(dir);
  return stats.uid === uid && (stats.mode & 0o022) === 0;
}

/**
 * The system's temporary folder. node:os is taken when the cache is first used, and as fs.ts
 * takes node:fs, without its ES module facade.
 */
function systemTmpdir(): string {
  return internally(() => process.getBuiltinModule('node:os')).tmpdir();
}
