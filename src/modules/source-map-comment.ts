import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFileSync } from '../internal/fs.js';
import type { SourceMapInput } from './types.js';

/** A `//# sourceMappingURL=` comment on a line of its own, the reference in its group. */
export const MAP_COMMENT = /\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/gm;

/**
 * What the last `sourceMappingURL` comment of `code` points to. Looked for from the end, where
 * compilers put it: a module's whole text is not searched.
 */
export function lastMapReference(code: string): string | undefined {
  const name = 'sourceMappingURL=';
  for (
    let at = code.lastIndexOf(name);
    at !== -1;
    at = at > 0 ? code.lastIndexOf(name, at - 1) : -1
  ) {
    const lineEnd = code.indexOf('\n', at);
    const line = code.slice(code.lastIndexOf('\n', at) + 1, lineEnd === -1 ? code.length : lineEnd);
    const reference = [...line.matchAll(MAP_COMMENT)].pop()?.[1];
    if (reference !== undefined) return reference;
  }
  return undefined;
}

/**
 * The source map `code` points to (inline, or a file next to the module `url`), `undefined` if it
 * points to none. Throws when the map it points to cannot be read.
 */
export function mapPointedTo(code: string, url: string): SourceMapInput | undefined {
  const reference = lastMapReference(code);
  return reference ? mapReferenced(reference, url) : undefined;
}

/**
 * The source map a `sourceMappingURL` names: a `data:` URL, or a file relative to the module
 * `url` (`undefined` for a module that is not a file). Throws when the map cannot be read.
 */
export function mapReferenced(reference: string, url: string): SourceMapInput | undefined {
  if (reference.startsWith('data:')) {
    const comma = reference.indexOf(',');
    const body = reference.slice(comma + 1);
    const text = reference.slice(0, comma).endsWith(';base64')
      ? Buffer.from(body, 'base64').toString('utf8')
      : decodeURIComponent(body);
    return JSON.parse(text) as SourceMapInput;
  }
  const location = mapLocation(reference, url);
  if (location === undefined) return undefined;
  return JSON.parse(readFileSync(fileURLToPath(location), 'utf8')) as SourceMapInput;
}

/**
 * The URL the sources of the map a `sourceMappingURL` names are relative to: the module's own for
 * a `data:` URL, else the map file's beside the module `url`; `undefined` where the module is not
 * a file.
 */
export function mapLocation(reference: string, url: string): string | undefined {
  if (reference.startsWith('data:')) return url;
  if (!url.startsWith('file:')) return undefined;
  return pathToFileURL(resolvePath(dirname(fileURLToPath(url)), reference)).href;
}
