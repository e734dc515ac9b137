import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { transformSync } from 'esbuild';
import { repoRoot } from '../helpers/run-node.js';
import { runApp } from './fixture.js';

/** The ```ts block of `file` that holds `marker`, or else the first one after it. */
function codeBlock(file: string, marker: string): string {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const at = text.indexOf(marker);
  assert.notEqual(at, -1, `${file} has no ${JSON.stringify(marker)}`);
  const opening = text.lastIndexOf('```ts\n', at);
  // The marker is a heading before the block, or a line inside it.
  const start =
    (opening !== -1 && !text.slice(opening + 6, at).includes('```')
      ? opening
      : text.indexOf('```ts\n', at)) + 6;
  return text.slice(start, text.indexOf('\n```', start));
}

/**
 * Runs a documented snippet (compiled from TypeScript, `using` included, for every Node under
 * test), then reads a file through `fs`, which the snippet's hook wraps, before `using` undoes
 * the hook at the end of the module.
 */
function runSnippet(snippet: string) {
  const read = `\nconsole.log('length', process.getBuiltinModule('node:fs').readFileSync(${JSON.stringify(
    join(repoRoot, 'README.md'),
  )}, 'utf8').length > 0);\n`;
  // A fragment of the docs leaves the import out.
  const imports = snippet.includes("from 'hookline/modules'")
    ? ''
    : "import { onImport } from 'hookline/modules';\n";
  const { code } = transformSync(imports + snippet + read, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
  });
  return runApp(['--input-type=module', '-e', code]);
}

for (const [file, marker] of [
  ['README.md', '## Module hooks'],
  ['docs/modules.md', "using _ = onImport('node:fs'"],
] as const) {
  test(`the onImport example of ${file} wraps fs.readFileSync and calls the original (no recursion)`, () => {
    const result = runSnippet(codeBlock(file, marker));
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^read \S+README\.md$/m);
    assert.match(result.stdout, /^length true$/m);
  });
}
