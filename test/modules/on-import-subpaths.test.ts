import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeHasInThreadHooks } from '../helpers/run-node.js';
import { runJson } from './fixture.js';

const preload = { HOOKLINE_PRELOAD: './hooks/relative-subpath.mjs' };

test("a hook on a package's exports subpath selects that file when the package reaches it by its own relative import", () => {
  const { value, stderr } = runJson(
    ['--import', 'hookline/register', 'relative-subpath.mjs'],
    preload,
  );
  assert.equal(stderr, '');
  assert.deepEqual(value, { seen: 'hooked impl' });
});

test('required, the package hooks its subpath too where require(esm) is hooked (Node 22.15+/24); on Node 20 a warning names the import hookline cannot see', () => {
  const { value } = runJson<{ seen: string; warnings: string[] }>(
    ['--import', 'hookline/register', 'relative-subpath.cjs'],
    preload,
  );
  if (nodeHasInThreadHooks()) {
    assert.deepEqual(value, { seen: 'hooked impl', warnings: [] });
    return;
  }
  assert.equal(value.seen, 'impl');
  assert.equal(value.warnings.length, 1, value.warnings.join('\n'));
  assert.match(
    value.warnings[0] ?? '',
    /^hookline cannot see "\.\/impl\.js", imported by \S+relative-subpath-pkg\/index\.js, which onImport\(\) selects/,
  );
});

test('required after import() loaded it, the package gives the hooked subpath, and nothing is warned of', () => {
  const { value } = runJson(
    ['--import', 'hookline/register', 'relative-subpath-after-import.mjs'],
    preload,
  );
  assert.deepEqual(value, { imported: 'hooked impl', required: 'hooked impl', warnings: [] });
});
