import { builtinModule } from './captured.js';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from './fs.js';
import { shareGlobally } from './global-slot.js';
import { internally } from './own-loads.js';
import { packageInfo } from './package-info.js';

// Without an ES module facade, as cached-script.ts takes its builtins.
const { dirname, join, resolve } = builtinModule('node:path');

/** `undefined` until first asked, `null` when caching is off or impossible. */
let folder: string | null | undefined;

/**
 * {@link cacheBase} once asked, kept on `globalThis`: hookline's loader and its bundled core each
 * hold a copy of this module, and the core first asks later, maybe after the program moved.
 */
const baseKey = Symbol.for('hookline.internal.cacheBase.v1');
const shared = globalThis as unknown as Record<symbol, string | null | undefined>;

/**
 * The folder under which hookline keeps what it can reuse across runs (instrumented modules, its
 * own compiled code), or `null` when caching is off: `HOOKLINE_CACHE` names it (`0` turns caching
 * off); by default `hookline-cache-<uid>` in the system's temporary folder. It may not exist yet.
 * A relative `HOOKLINE_CACHE` is taken from the working directory as hookline loads, once: a
 * program that moves (`process.chdir`) would otherwise make cache folders wherever it went, and
 * write the code cache into one at exit.
 *
 * @example
 * ```ts
 * cacheBase(); // '/tmp/hookline-cache-1000'
 * ```
 */
export function cacheBase(): string | null {
  const known = shared[baseKey];
  if (known !== undefined) return known;
  const setting = process.env['HOOKLINE_CACHE'];
  let base: string | null;
  if (setting === '0' || setting === 'false') base = null;
  else if (setting) base = resolve(setting);
  else base = join(systemTmpdir(), `hookline-cache-${process.getuid?.() ?? 'user'}`);
  adoptCacheBase(base);
  return base;
}

/**
 * Takes `base` for {@link cacheBase}: Node 20's loader thread, which may start after the program
 * moved, takes the main thread's.
 */
export function adoptCacheBase(base: string | null): void {
  shareGlobally(baseKey, base, true);
}

/**
 * The folder of this hookline build under {@link cacheBase}, made if need be, or `null` when
 * caching is off or impossible. Entries belong to the build that made them: a new hookline, or a
 * new build of it, starts a folder of its own, and what other builds left that has not changed
 * for a week goes (not at once: two projects on one machine may use two versions by turns).
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
  const base = cacheBase();
  if (base === null) return folder;
  try {
    if (!existsSync(base)) makeFolder(base);
    if (!isPrivateFolder(base)) return folder;
    // Every build writes this file anew: its size and time name the build.
    const code = statSync(new URL('./cache-folder.js', import.meta.url));
    const build = `${packageInfo().version}-${code.size}-${Math.trunc(code.mtimeMs)}`;
    const dir = join(base, build);
    if (!existsSync(dir)) {
      mkdirSync(dir, { mode: 0o700 });
      removeStale(base, build);
    }
    folder = dir;
  } catch {
    // No writable temporary folder (a read-only container): nothing is cached.
  }
  return folder;
}

/**
 * Makes folder `path`, private, and the folders above it that are missing. Not Node's
 * `mkdirSync(path, { recursive: true })`: that loops forever where `mkdir` answers ENOENT under a
 * parent that exists (`HOOKLINE_CACHE=/proc/self/cache`), which would hang the program at start,
 * and at exit where the code cache is written. Throws what `mkdir` threw when it cannot. A folder
 * another thread or process makes meanwhile is taken as made. `mode` is private unless given
 * (`0o777` for a folder others may share, as the umask allows).
 *
 * @example
 * ```ts
 * makeFolder('/tmp/hookline-cache-1000');
 * ```
 */
export function makeFolder(path: string, mode = 0o700): void {
  try {
    mkdirSync(path, { mode });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'EEXIST') return;
    const parent = dirname(path);
    // ENOENT with the parent there (or at the root) will not change by making parents.
    if (code !== 'ENOENT' || parent === path || existsSync(parent)) throw error;
    makeFolder(parent, mode);
    try {
      mkdirSync(path, { mode });
    } catch (again) {
      if ((again as { code?: unknown } | null)?.code !== 'EEXIST') throw again;
    }
  }
}

/**
 * Whether `dir` is this user's and private: code read from the cache runs in this process, so a
 * folder another user made, or could write into, is not used. Throws if it does not exist.
 *
 * @example
 * ```ts
 * isPrivateFolder('/tmp/hookline-cache-1000'); // true
 * ```
 */
export function isPrivateFolder(dir: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true; // Windows: the folder is under the user's own profile
  const stats = statSync(dir);
  return stats.uid === uid && (stats.mode & 0o022) === 0;
}

/** How long what another build left is kept unchanged before it is taken for unused. */
const staleAfterMs = 7 * 24 * 60 * 60 * 1000;

/**
 * How many of each kind are kept besides the one in use, however recent: a machine that runs
 * many builds in a week (a checkout rebuilt, copies of a package in temporary folders) or a
 * program under many sets of flags (each its own code cache, ~100 KB) would otherwise fill the
 * temporary folder. One evicted while still in use is made again at its next run.
 */
const keptOthers = { build: 8, codeCache: 32 } as const;

/** The code caches' files, beside the builds' folders (see cached-script.ts). */
export const codeCachePrefix = 'code-';

/**
 * Removes from `base` what is of the same kind as `kept` (a build's folder, or a code cache file)
 * but is not `kept`: what has not changed for a week, and beyond the most recently changed few
 * (see {@link keptOthers}). Called only when `kept` is made, never as a program starts.
 *
 * @example
 * ```ts
 * removeStale('/tmp/hookline-cache-1000', '0.1.0-4546-1796524270382');
 * ```
 */
export function removeStale(base: string, kept: string): void {
  const now = Date.now();
  const codeCache = kept.startsWith(codeCachePrefix);
  const others: { path: string; changed: number }[] = [];
  for (const other of readdirSync(base)) {
    if (other === kept || other.startsWith(codeCachePrefix) !== codeCache) continue;
    const path = join(base, other);
    try {
      others.push({ path, changed: statSync(path).mtimeMs });
    } catch {
      // Removed meanwhile by another process.
    }
  }
  others.sort((a, b) => b.changed - a.changed);
  const limit = codeCache ? keptOthers.codeCache : keptOthers.build;
  others.forEach(({ path, changed }, rank) => {
    if (rank < limit && now - changed <= staleAfterMs) return;
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Taken by another process meanwhile, or not this user's to remove: left.
    }
  });
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
  const aside = asideOf(file);
  try {
    writeFileSync(aside, data, { mode: 0o600 });
    renameSync(aside, file);
  } catch {
    rmSync(aside, { force: true });
  }
}

/**
 * The name `file` is written under before it is renamed into place: one of this write's own.
 * The threads of a process share its pid, and two that wrote one name at once would each rename
 * the other's half-written file, or find it gone (ENOENT) when their turn came. A random part
 * rather than the thread's id: node:worker_threads costs the main thread 2 ms to load.
 *
 * @example
 * ```ts
 * asideOf('/tmp/hookline-cache-1000/entry.json'); // '/tmp/hookline-cache-1000/entry.json.4242-k3x9q1.tmp'
 * ```
 */
export function asideOf(file: string): string {
  return `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
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
 * The system's temporary folder, as `os.tmpdir()` tells it. On POSIX systems that is the first of
 * `TMPDIR`, `TMP` and `TEMP`, else `/tmp`: read here, since loading node:os for it costs every
 * start-up 0.2 ms.
 */
function systemTmpdir(): string {
  if (process.platform === 'win32') {
    return internally(() => builtinModule('node:os')).tmpdir();
  }
  const { TMPDIR, TMP, TEMP } = process.env;
  const path = TMPDIR || TMP || TEMP || '/tmp';
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
