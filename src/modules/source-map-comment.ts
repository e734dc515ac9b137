import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from '../internal/fs.js';
import type { SourceMapInput } from './types.js';

/** A `//# sourceMappingURL=` comment on a line of its own, the reference in its group. */
export const MAP_COMMENT = /\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/gm;

/** What the last `sourceMappingURL` comment of `code` points to. */
export function lastMapReference(code: string): string | undefined {
  return [...code.matchAll(MAP_COMMENT)].pop()?.[1];
}

/**
 * The source map `code` points to (inline, or a file next to the module `url`), `undefined` if it
 * points to none. Throws when the map it points to cannot be read.
 */
export function mapPointedTo(code: string, url: string): SourceMapInput | undefined {
  const reference = lastMapReference(code);
  if (!reference) return undefined;
  if (reference.startsWith('data:')) {
    const comma = reference.indexOf(',');
    const body = reference.slice(comma + 1);
    const text = reference.slice(0, comma).endsWith(';base64')
      ? Buffer.from(body, 'base64').toString('utf8')
      : decodeURIComponent(body);
    return JSON.parse(text) as SourceMapInput;
  }
  if (!url.startsWith('file:')) return undefined;
  const path = resolvePath(dirname(fileURLToPath(url)), reference);
  return JSON.parse(readFileSync(path, 'utf8')) as SourceMapInput;
}
