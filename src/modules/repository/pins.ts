import { dirname } from 'node:path';
import { asideOf, makeFolder } from '../../internal/cache-folder.js';
import { describeValue, HooklineTypeError } from '../../internal/errors.js';
import { linkSync, readFileSync, rmSync, writeFileSync } from '../../internal/fs.js';
import { isValidPin, matches, sri } from './integrity.js';
import { errorCode, SHARED_FOLDER, writeAtomically } from './repository-cache.js';

interface LockFile {
  [url: string]: string;
}

/** A hash recorded at a module's first download, and how to forget it. */
export interface Pin {
  readonly integrity: string;
  /** What the user does to take a new copy, such as `delete <file>`. */
  readonly undo: string;
}

/**
 * The hashes recorded for `remote`: its own pin file, and its line in the integrity.json that
 * hookline kept before pins had a file each (still honoured; no longer written).
 */
export function recordedPins(remote: string, pinFile: string, legacyLock: string): Pin[] {
  const recorded: Pin[] = [];
  const own = readPin(pinFile, remote);
  if (own !== undefined) recorded.push(own);
  const legacy = readLock(legacyLock)[remote];
  if (legacy !== undefined) {
    recorded.push({ integrity: legacy, undo: `remove its line from ${legacyLock}` });
  }
  return recorded;
}

/**
 * The pin in `file`, or `undefined` if there is none. A pin file is only ever put in place whole,
 * so one that does not hold a hash for `remote` was changed by someone else: it is refused rather
 * than taken for no pin, which would let the next download be pinned over it.
 */
function readPin(file: string, remote: string): Pin | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // Not pinned yet (ENOTDIR: the cache folder's path runs through a file, so no pin is there).
    // A pin that is there but cannot be read (EACCES, EISDIR) is not "no pin".
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
    throw error;
  }
  let integrity: unknown;
  try {
    integrity = (JSON.parse(text) as LockFile)[remote];
  } catch {
    // Not JSON: refused below.
  }
  if (typeof integrity !== 'string' || !isValidPin(integrity)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INTEGRITY', {
      where: file,
      expected: `the hash recorded for ${remote}, as { "${remote}": "sha384-…" }`,
      received: describeValue(text.slice(0, 200)),
      fix: `hookline wrote no such file: check who changed it. To pin the module anew at its next download, delete ${file}.`,
    });
  }
  return { integrity, undo: `delete ${file}` };
}

/**
 * Records `integrity` as the pin of `remote` unless one is recorded already, which wins and is
 * returned: of threads and processes pinning one module at once, the first keeps its pin and the
 * others are checked against it. The pin is written aside and linked into place, since a link,
 * unlike a rename, never replaces a file; a reader sees the whole pin or none.
 */
export function recordPin(file: string, remote: string, integrity: string): Pin | undefined {
  makeFolder(dirname(file), SHARED_FOLDER);
  const text = `${JSON.stringify({ [remote]: integrity }, null, 2)}\n`;
  const aside = asideOf(file);
  try {
    writeFileSync(aside, text);
    linkSync(aside, file);
    return undefined;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return readPin(file, remote);
    if (!LINKLESS.has(errorCode(error) ?? '')) throw error;
  } finally {
    rmSync(aside, { force: true });
  }
  return createPin(file, remote, text);
}

/**
 * Puts the hash of `body`, which the program's own pin let through, in the pin file of `remote`
 * in place of what a first download recorded there, unless all of it already matches.
 */
export function repin(
  file: string,
  remote: string,
  body: Uint8Array,
  recorded: readonly Pin[],
): void {
  if (recorded.every((pin) => matches(body, pin.integrity))) return;
  makeFolder(dirname(file), SHARED_FOLDER);
  writeAtomically(file, `${JSON.stringify({ [remote]: sri(body, 'sha384') }, null, 2)}\n`);
}

/** What `link` fails with on file systems without hard links (FAT, some network shares). */
const LINKLESS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * {@link recordPin} where hard links are not to be had: the file is created only if absent. A
 * reader may then find it before its bytes, and refuses the module rather than take no pin.
 */
function createPin(file: string, remote: string, text: string): Pin | undefined {
  try {
    writeFileSync(file, text, { flag: 'wx' });
    return undefined;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return readPin(file, remote);
    throw error;
  }
}

function readLock(path: string): LockFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // No lock file: nothing recorded there.
    return {};
  }
  try {
    const lock: unknown = JSON.parse(text);
    if (lock !== null && typeof lock === 'object' && !Array.isArray(lock)) return lock as LockFile;
  } catch {
    // Not JSON: refused below, rather than as a SyntaxError that names no file.
  }
  throw new HooklineTypeError('ERR_HOOKLINE_INTEGRITY', {
    where: path,
    expected: 'the pins earlier versions of hookline recorded, as { "<url>": "sha384-…" }',
    received: describeValue(text.slice(0, 200)),
    fix: `hookline no longer writes this file, and cannot read it: restore it, or delete ${path} to forget the pins it held.`,
  });
}
