import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Files to write under a folder: path → text, or a value written as JSON (a package.json). */
export type Tree = Record<string, string | object>;

/**
 * Writes `files` under `dir`, making the folders they need.
 *
 * @example
 * ```ts
 * writeTree(project, { 'package.json': { name: 'app' }, 'index.js': 'module.exports = 1;' });
 * ```
 */
export function writeTree(dir: string, files: Tree): void {
  for (const [path, content] of Object.entries(files)) {
    const at = join(dir, path);
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, typeof content === 'string' ? content : JSON.stringify(content));
  }
}
