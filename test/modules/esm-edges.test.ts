import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('a WebAssembly module that onImport selects (by file, by pattern) loads and is audited as without hookline, and its hooks are told in a warning that they cannot apply rather than never running in silence', () => {
  const { value } = runJson([
    '--experimental-wasm-modules',
    '--no-warnings=ExperimentalWarning',
    'edges-wasm.mjs',
  ]);
  assert.deepEqual(value, {
    answer: 42,
    viaNamespace: 42,
    handled: [],
    audited: ['import'],
    warnings: [
      'file://<dir>/answer.wasm is a WebAssembly module: its exports are bindings no JavaScript declares, which hookline cannot change, so the onImport handlers that select it (as "./answer.wasm", "file://<dir>/answer.wasm") do not run on it. Hook the ES module that imports it instead, or replace it with mockModule',
    ],
  });
});
