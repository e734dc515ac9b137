import { listed } from '../internal/listed.js';
import { originalPosition } from '../internal/source-map.js';
import type { MockEntry } from './registry.js';

/**
 * The message of the SyntaxError an import fails with, before it links, when it imports names
 * the mock lacks: Node's own (the first name it would report), and then that the module is a
 * mock, where it was made, what it has, and the ways out. Node's message alone names the module
 * as the importer wrote it, which sends its reader to the real module, which has the name.
 */
export function lackingExportsMessage(
  entry: MockEntry,
  requested: string,
  lacking: readonly string[],
  has: readonly string[],
  importer: string | undefined,
): string {
  const quoted = JSON.stringify(entry.specifier);
  const at = entry.site && originalPosition(entry.site.file, entry.site.line, entry.site.column);
  const made = at ? ` at ${at.file}:${at.line}:${at.column}` : '';
  const names = lacking.map((name) => `'${name}'`);
  const exports = has.length > 0 ? listed(has, 8) : 'none';
  return (
    `The requested module '${requested}' does not provide an export named '${lacking[0]}': ` +
    `${importer ?? 'the importer'} imports ${listed(names, 4)} from hookline's mock, ` +
    `mockModule(${quoted}, …)${made}, whose exports are ${exports}. ` +
    `Add ${listed(names, 4)} to the mock, or spread the real module into it for a partial mock: ` +
    `${partialMock(quoted, entry.site?.file)}.`
  );
}

/**
 * A partial mock as the file that made the mock can write it: `require` in a CommonJS file's
 * factory; an ES module has no `require`, and imports the real module first. V8 names an ES
 * module's frames by URL, a CommonJS file's by path.
 */
function partialMock(quoted: string, madeIn: string | undefined): string {
  return madeIn?.startsWith('file:')
    ? `mockModule(${quoted}, { ...(await import(${quoted})), … })`
    : `mockModule(${quoted}, () => ({ ...require(${quoted}), … }))`;
}
