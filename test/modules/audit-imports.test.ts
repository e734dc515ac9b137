import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('auditImports reports every way of loading, with what was asked, what it resolved to, who asked and how', () => {
  const { value, stderr } = runJson<string[][]>(['audit.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, [
    ['dynamic-import', './lib/static-importer.mjs', 'lib/static-importer.mjs', 'audit.mjs'],
    ['import', 'cjs-pkg', 'node_modules/cjs-pkg/index.js', 'lib/static-importer.mjs'],
    ['import', 'node:path', 'node:path', 'lib/static-importer.mjs'],
    ['dynamic-import', 'esm-pkg', 'node_modules/esm-pkg/index.js', 'audit.mjs'],
    ['require', 'cjs-pkg', 'node_modules/cjs-pkg/index.js', 'audit.mjs'],
    ['require', './lib/requirer.cjs', 'lib/requirer.cjs', 'audit.mjs'],
    ['require', '@scope/pkg', 'node_modules/@scope/pkg/main.js', 'lib/requirer.cjs'],
    ['require', 'fs', 'node:fs', 'lib/requirer.cjs'],
    ['get-builtin-module', 'node:os', 'node:os', 'audit.mjs'],
  ]);
});
