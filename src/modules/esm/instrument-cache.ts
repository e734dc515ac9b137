import { join } from 'node:path';
import { cacheFolder, fingerprint, writeAside } from '../../internal/cache-folder.js';
import { readFileSync } from '../../internal/fs.js';
import { fileKey } from '../file-key.js';
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
  // One entry per file, whatever query its URL has: a test that re-imports `./m.mjs?n=1`, `?n=2`…
  // gets one module per URL, and the cache no more than one file.
  const file = join(dir, `${fingerprint(`${cachedUrl(url)}\0${key}`)}.json`);
  const hit = readEntry(file, url, key, source);
  if (hit !== undefined) return retargeted(hit, url);
  const result = instrument(source, url, specifiers);
  const entry: Entry = { url, specifiers: key, source, result: result ?? null };
  writeAside(file, JSON.stringify(entry));
  return result;
}

function readEntry(
  file: string,
  url: string,
  specifiers: string,
  source: string,
): Entry | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // not cached yet, or a torn file: made again
  }
  // A file that is JSON but no entry (foreign, or damaged where a byte still left it JSON) must
  // be made again like a torn one, not throw: that left the module unhooked at every run.
  return isEntry(entry) &&
    cachedUrl(entry.url) === cachedUrl(url) &&
    entry.specifiers === specifiers &&
    entry.source === source
    ? entry
    : undefined;
}

/** Whether `value` has the shape of an {@link Entry}, down to what the loaders read from it. */
function isEntry(value: unknown): value is Entry {
  if (typeof value !== 'object' || value === null) return false;
  const { url, specifiers, source, result } = value as Record<string, unknown>;
  return (
    typeof url === 'string' &&
    typeof specifiers === 'string' &&
    typeof source === 'string' &&
    (result === null || isInstrumented(result))
  );
}

function isInstrumented(value: unknown): value is Instrumented {
  if (typeof value !== 'object' || value === null) return false;
  const { code, reexportSources } = value as Record<string, unknown>;
  return (
    typeof code === 'string' &&
    code.includes(EPILOGUE_START) &&
    Array.isArray(reexportSources) &&
    reexportSources.every((source) => typeof source === 'string')
  );
}

/** A `file:` URL without its query and fragment (its file's key); any other URL as it is. */
function cachedUrl(url: string): string {
  return url.startsWith('file:') ? fileKey(url) : url;
}

/**
 * What an entry made for one URL of the file gives another (`?n=2` for `?n=1`): the instrumented
 * code names its own URL twice in its epilogue (it imports itself by it, and reports itself by
 * it), and only those two are changed. The same text elsewhere is no URL of the module: the
 * specifiers that selected it (`onImport('./m.mjs')` selects by the plain URL, which an entry
 * made for the plain URL has as its own) or a string of the module's own source.
 */
function retargeted(entry: Entry, url: string): Instrumented | undefined {
  const result = entry.result ?? undefined;
  if (result === undefined || entry.url === url) return result;
  const was = JSON.stringify(entry.url);
  const now = JSON.stringify(url);
  // There is one: isInstrumented refuses code without it.
  const at = result.code.lastIndexOf(EPILOGUE_START);
  const epilogue = result.code
    .slice(at)
    .replace(`from ${was};`, `from ${now};`)
    .replace(`.evaluated(${was},`, `.evaluated(${now},`);
  return { ...result, code: result.code.slice(0, at) + epilogue };
}

/** How the epilogue instrument() appends begins: the module importing itself. */
const EPILOGUE_START = '\n;import * as ';
