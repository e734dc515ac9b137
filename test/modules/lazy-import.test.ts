import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('lazyImport loads a module (CommonJS or ES) only at its first use, then behaves as the module', () => {
  const { value, stderr } = runJson(['lazy.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    beforeUse: [],
    greeting: 'hello lazy',
    afterCjs: ['cjs-pkg'],
    keys: ['greet', 'increment', 'kind'],
    has: true,
    esm: ['hello esm', 1, 1],
    loads: ['cjs-pkg', 'esm-pkg'],
    refused: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    missing: 'MODULE_NOT_FOUND',
  });
});
