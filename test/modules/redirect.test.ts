import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('redirect loads a local copy instead of the installed module, which the copy can still use', () => {
  const { value, stderr } = runJson(['redirects.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    require: 'local copy (wrapping the installed one)',
    import: 'local copy (wrapping the installed one)',
    missing: 'local copy (wrapping the installed one)',
    refused: 'ERR_HOOKLINE_INVALID_ARGUMENT',
  });
});

test('redirect to a dual package folder gives require its CommonJS build and import its ES module build', () => {
  const { value, stderr } = runJson(['redirect-dual.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, { require: 'local commonjs', import: 'local module' });
});
