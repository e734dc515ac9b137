import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

// The program's own files, named as a test names them: relative to the test file, by absolute
// path, or by file: URL. Each is the module at that path, whoever imports it and how.
const forms = ['relative', 'absolute', 'url'] as const;

for (const form of forms) {
  test(`mockModule of a local file (${form}): every importer, path and loader gets the mock; the factory gets the real module`, () => {
    const { value, stderr } = runJson(['file-mocks.mjs', form]);
    assert.equal(stderr, '');
    assert.deepEqual(value, {
      static: 'mock conf.mjs',
      otherPath: ['mock conf.mjs', 'real sub/conf.mjs'],
      dynamic: 'mock conf.mjs',
      require: ['mock conf.cjs', 'real sub/conf.cjs'],
      createRequire: 'mock conf.cjs',
      factoryGot: 'real conf.mjs',
      missing: ['mock of a missing ES module', 'mock of a missing CommonJS module'],
      afterUndo: ['real conf.mjs', 'real conf.cjs'],
    });
  });

  test(`onImport of a local file (${form}): ES module and CommonJS, by any relative path; undo; a file loaded before`, () => {
    const { value, stderr } = runJson(['file-hooks.mjs', form]);
    assert.equal(stderr, '');
    assert.deepEqual(value, {
      static: 'hooked real conf.mjs',
      otherPath: ['hooked real conf.mjs', 'real sub/conf.mjs'],
      require: ['real conf.cjs', 'hooked real sub/conf.cjs'],
      seen: ['module true', 'commonjs true'],
      afterUndo: 'real conf.mjs',
      late: ['real conf.cjs', 'late real conf.cjs'],
    });
  });

  test(`redirect of a local file (${form}): the local copy loads instead and wraps the original`, () => {
    const { value, stderr } = runJson(['file-redirects.mjs', form]);
    assert.equal(stderr, '');
    assert.deepEqual(value, {
      static: 'local copy of real conf.mjs',
      otherPath: ['local copy of real conf.mjs', 'real sub/conf.mjs'],
      require: ['local copy of real conf.cjs', 'real sub/conf.cjs'],
      createRequire: 'local copy of real conf.cjs',
      audited: ['require ../conf.cjs → local-conf.cjs', 'require ./conf.cjs → sub/conf.cjs'],
      afterUndo: ['real conf.mjs', 'real conf.cjs'],
    });
  });
}

test('mockModule from a CommonJS test file: paths are relative to that file, for require and import', () => {
  const { value, stderr } = runJson(['file-mocks.cjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    require: ['mock conf.cjs', 'real sub/conf.cjs'],
    import: ['mock conf.mjs', 'real sub/conf.mjs'],
  });
});
