import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

const promised = (name: string) =>
  `the onImport handler for ${name} returned a promise; handlers run while the module loads and must return synchronously, so it loads unpatched`;

test('a handler that returns the exports it was given is no promise of its own, when those exports are thenable (a CommonJS promise, an ES module exporting then); an async handler still is', () => {
  const { value } = runJson(['handlers/thenable-exports.mjs']);
  assert.deepEqual(value, {
    patched: true,
    retries: 3,
    warnings: [promised('promised-config')],
  });
});
