import { internally } from './own-loads.js';

/**
 * The parts of node:fs hookline uses, taken without its ES module facade: `import … from
 * 'node:fs'` makes Node evaluate every lazy export of fs (streams, promises, watchers — some
 * thirty internal modules), a start-up cost that hookline/register must not add to every program.
 */
export const {
  appendFileSync,
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} = internally(() => process.getBuiltinModule('node:fs'));

/**
 * The text of the file at `path`, or `undefined` where there is none or it cannot be read. Asked
 * before it is read: a read of a missing file throws, and building that error (with its stack)
 * costs several times the look-up — paid in every folder of a walk up to the root (the nearest
 * package.json, a package installed above).
 *
 * @example
 * ```ts
 * const text = readTextIfPresent('/app/package.json'); // undefined where there is none
 * ```
 */
export function readTextIfPresent(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    // Removed since, a folder of that name, or not ours to read (the permission model's
    // ERR_ACCESS_DENIED, which Node 20 throws from existsSync too).
    return undefined;
  }
}
