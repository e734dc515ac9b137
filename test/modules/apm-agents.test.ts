import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test("onImport of an ES module package's internal file that its exports do not export selects the file the package imports by a relative path, as for CommonJS (it never ran: only exported subpaths were names of ES module files)", () => {
  const expected = {
    seen: ['esm-db@2.1.0 module'],
    query: 'traced(esm-db:select 1)',
  };
  for (const preload of [[], ['--import', 'hookline/register']]) {
    const { value, stderr } = runJson([...preload, 'apm/esm-internal.mjs']);
    assert.equal(stderr, '');
    assert.deepEqual(value, expected, preload.join(' '));
  }
});

test("two versions of a package in one tree (the program's, and an older one nested under another package) are each handed over once, with their own version and path, to a hook on the package and one on its internal file; the version a handler declines stays as it was; CommonJS and ES module packages", () => {
  const cjs = runJson(['apm/version-gated.cjs']);
  assert.equal(cjs.stderr, '');
  assert.deepEqual(cjs.value, {
    seen: [
      'cjs-db/lib/client.js: cjs-db@8.1.0 node_modules/cjs-db/lib/client.js',
      'cjs-db: cjs-db@8.1.0 node_modules/cjs-db/index.js',
      'cjs-db/lib/client.js: cjs-db@7.4.0 node_modules/db-wrapper/node_modules/cjs-db/lib/client.js',
      'cjs-db: cjs-db@7.4.0 node_modules/db-wrapper/node_modules/cjs-db/index.js',
    ],
    own: 'traced(db8:a)',
    nested: 'db7:b',
  });
  const esm = runJson(['apm/version-gated.mjs']);
  assert.equal(esm.stderr, '');
  assert.deepEqual(esm.value, {
    seen: [
      'esm-db/lib/client.js: esm-db@2.1.0 node_modules/esm-db/lib/client.js',
      'esm-db: esm-db@2.1.0 node_modules/esm-db/index.js',
      'esm-db/lib/client.js: esm-db@1.0.0 node_modules/esm-db-wrapper/node_modules/esm-db/lib/client.js',
      'esm-db: esm-db@1.0.0 node_modules/esm-db-wrapper/node_modules/esm-db/index.js',
    ],
    own: 'traced(esm-db:a)',
    nested: 'esm-db1:b',
  });
});

test('an agent started after the program took a class and an export: a prototype wrap reaches the instances it made, a replaced export only later reads; the undo puts the export back, not the prototype method', () => {
  const { value, stderr } = runJson(['apm/late-agent.cjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    patched: {
      calls: ['handler', 'onImport returned'],
      client: 'traced(db8:a)',
      takenPool: 'Pool',
      pool: 'TracedPool',
      requiredPool: 'TracedPool',
    },
    undone: { client: 'traced(db8:b)', pool: 'Pool' },
  });
});

test('an agent hooking 35 packages, most not installed, gets each installed one once, with its own name and format, scoped and dual packages too, whether or not hookline/register ran first', () => {
  const expected = {
    seen: [
      '@scope/pkg: @scope/pkg@8.0.0 commonjs',
      'cjs-pkg: cjs-pkg@1.2.3 commonjs',
      'dual-pkg: dual-pkg@3.0.0 commonjs',
      'dual-pkg: dual-pkg@3.0.0 module',
      'esm-pkg: esm-pkg@2.0.0 module',
    ],
  };
  for (const preload of [[], ['--import', 'hookline/register']]) {
    const { value, stderr } = runJson([...preload, 'apm/many-packages.mjs']);
    assert.equal(stderr, '');
    assert.deepEqual(value, expected, preload.join(' '));
  }
});
