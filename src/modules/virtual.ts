import { RUNTIME_KEY } from './esm/runtime-key.js';

const runtime = `globalThis[Symbol.for(${JSON.stringify(RUNTIME_KEY)})]`;

/** URL prefix of the modules hookline makes up for `mockModule`. */
export const MOCK_PREFIX = 'hookline:mock/';

/**
 * Source of an ES module standing in for a mock: its default export is the mock's `default`
 * property when it has one, else the whole object (as for CommonJS), and each own enumerable
 * key is a named export. The mock of a CommonJS file (`commonJs`) has the whole object as its
 * default, as Node gives that file's `module.exports`: a test passes only where the program would.
 */
export function mockModuleSource(id: number, names: readonly string[], commonJs = false): string {
  const lines = [
    `const m = ${runtime}.mockModuleRuns(${id});`,
    commonJs
      ? 'export default m;'
      : `export default m !== null && typeof m === 'object' && Object.hasOwn(m, 'default') ? m.default : m;`,
  ];
  names.forEach((name, i) => {
    if (name === 'default') return;
    lines.push(
      `const $${i} = m[${JSON.stringify(name)}];`,
      `export { $${i} as ${JSON.stringify(name)} };`,
    );
  });
  return lines.join('\n');
}

/** Source of a CommonJS module standing in for a mock (for `require`). */
export function mockCommonJsSource(id: number): string {
  return `module.exports = ${runtime}.mockRequired(${id});`;
}

/** The export names an ES module standing in for `exports` has. */
export function exportNames(exports: unknown): string[] {
  if ((typeof exports !== 'object' && typeof exports !== 'function') || exports === null) return [];
  return Object.keys(exports);
}
