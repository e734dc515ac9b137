import { join } from 'node:path';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from '../../internal/fs.js';
import { internally } from '../../internal/own-loads.js';
import { packageInfo } from '../../internal/package-info.js';
import { type Instrumented, instrument } from './instrument.js';

/**
 * What instrumenting a module gave, kept on disk so that later runs need no parse. The module
 * lexer is cheap to run but not to have: its first use allocates 16 MB of WebAssembly memory,
 * which moves V8's first full garbage collection forward and costs a large CommonJS program
 * tens of milliseconds of start-up — far more than the parse. With the result cached, a run that
 * instruments only modules it instrumented before never loads the lexer.
 */
interface Entry {
  readonly url: string;
  readonly specifiers: string;
  /** The whole source instrumented: a hit must match it exactly, so a changed file is redone. */
  readonly source: string;
  readonly result: Instrumented | null;
}

/** Where entries go: `undefined` until first asked, `null` when caching is off or impossible. */
let folder: string | null | undefined;

/**
 * Instruments `source` as {@link instrument} does, through the on-disk cache where it is on
 * (`HOOKLINE_CACHE`: a folder, or `0` to turn it off; by default a folder of this user's under the
 * system's temporary folder). A cache that cannot be read or written is passed by: it changes
 * only how fast a module loads, never what it does.
 */
export function instrumentCached(
  source: string,
  url: string,
  specifiers: readonly string[],
): Instrumented | undefined {
  const dir = cacheFolder();
  if (dir === null) return instrument(source, url, specifiers);
  const key = specifiers.join('\0');
  const file = join(dir, `${fingerprint(`${url}\0${key}`)}.json`);
  const hit = readEntry(file, url, key, source);
  if (hit !== undefined) return hit.result ?? undefined;
  const result = instrument(source, url, specifiers);
  writeEntry(file, { url, specifiers: key, source, result: result ?? null });
  return result;
}

function cacheFolder(): string | null {
  if (folder !== undefined) return folder;
  folder = null;
  const setting = process.env['HOOKLINE_CACHE'];
  if (setting === '0' || setting === 'false') return folder;
  try {
    const base = setting || join(systemTmpdir(), `hookline-cache-${process.getuid?.() ?? 'user'}`);
    mkdirSync(base, { recursive: true, mode: 0o700 });
    if (!ownedAndPrivate(base)) return folder;
    // Entries belong to the code that made them: a new hookline, or a new build of it, starts a
    // folder of its own, and the folders of other builds go.
    const code = statSync(new URL('./instrument.js', import.meta.url));
    const build = `${packageInfo().version}-${code.size}-${Math.trunc(code.mtimeMs)}`;
    const dir = join(base, build);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      for (const other of readdirSync(base)) {
        if (other !== build) rmSync(join(base, other), { recursive: true, force: true });
      }
    }
    folder = dir;
  } catch {
    // No writable temporary folder (a read-only container): instrument every time.
  }
  return folder;
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

function readEntry(
  file: string,
  url: string,
  specifiers: string,
  source: string,
): Entry | undefined {
  let entry: Entry;
  try {
    entry = JSON.parse(readFileSync(file, 'utf8')) as Entry;
  } catch {
    return undefined; // not cached yet, or a torn or foreign file: made again
  }
  return entry.url === url && entry.specifiers === specifiers && entry.source === source
    ? entry
    : undefined;
}

function writeEntry(file: string, entry: Entry): void {
  // Written aside and renamed into place, so a process reading at the same time sees the old
  // entry or the new one, never half of one.
  const aside = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(aside, JSON.stringify(entry), { mode: 0o600 });
    renameSync(aside, file);
  } catch {
    rmSync(aside, { force: true });
  }
}

/** 64 bits of FNV-1a, as hex: names the entry file; the entry itself is checked on reading. */
function fingerprint(text: string): string {
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
 * The system's temporary folder. node:os is taken when the cache is first used, not when
 * hookline loads (a program that hooks no ES module never needs it), and as internal/fs.ts takes
 * node:fs, without its ES module facade.
 */
function systemTmpdir(): string {
  return internally(() => process.getBuiltinModule('node:os')).tmpdir();
}
