import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('mockModule provides a module that does not exist and stands in for one that does, for import and require', () => {
  const { value, stderr } = runJson(['mocks.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    pyconDefault: 'hello PyCon China 2016!',
    pyconYear: 2016,
    pyconRequire: 'hello PyCon China 2016!',
    runsBeforeUse: 0,
    cjsImport: 'mocked hello a',
    cjsRequire: 'mocked hello b',
    factoryRuns: 1,
    esm: ['mock default', 42],
    afterUndo: 'hello c',
    missing: 'ERR_MODULE_NOT_FOUND',
  });
});
