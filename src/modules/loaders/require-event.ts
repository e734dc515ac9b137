import { fileUrlOf } from '../../internal/file-url.js';
import { emitImport, entryImported } from '../audit.js';
import { asRequested } from '../own-resolution.js';
import { registry } from '../registry.js';
import { schemeOf } from '../scheme.js';
import type { CjsModule } from './cjs-module.js';

export function audit(
  request: string,
  resolvedUrl: string,
  parent: CjsModule | null | undefined,
  isMain: boolean,
) {
  if (registry.auditors.size === 0 || (!parent && !isMain)) return;
  if (isMain && entryImported(resolvedUrl)) return;
  emitImport(asRequested(request), resolvedUrl, importerUrl(parent), 'require');
}

/**
 * The URL of the module that required, remembered for the last one: a module's requires follow
 * one another, and the same string needs no look-up.
 */
let lastImporterFile = '';
let lastImporterUrl = '';

function importerUrl(parent: CjsModule | null | undefined): string | undefined {
  const filename = parent?.filename;
  if (!filename) return undefined;
  if (filename !== lastImporterFile) {
    // A scheme module's filename is its URL (see requireFromScheme in scheme-require.ts).
    lastImporterUrl = schemeOf(filename) ? filename : auditedUrlOf(filename);
    lastImporterFile = filename;
  }
  return lastImporterUrl;
}

/**
 * The URL of each file the audit named, converted once: a module is named as it resolves, then
 * as the importer of each of its requires (and a parent's requires interleave with its
 * children's). Keyed by path rather than by module: a WeakMap's entries cost the collector more
 * (measured).
 */
const auditedUrls = new Map<string, string>();

export function auditedUrlOf(filename: string): string {
  let url = auditedUrls.get(filename);
  if (url === undefined) {
    url = fileUrlOf(filename);
    auditedUrls.set(filename, url);
  }
  return url;
}
