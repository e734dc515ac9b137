import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('transform rewrites CommonJS and ES module sources at load, and composes source maps so stack traces point at the original lines', () => {
  const { value, stderr } = runJson(['--enable-source-maps', 'transforms.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    builds: ['42', '42'],
    seen: [
      ['src/build-info.mjs', 'module'],
      ['src/build-info.cjs', 'commonjs'],
      ['src/compiled.mjs', 'module'],
    ],
    esmLine: 'build-info.mjs:3:1',
    cjsLine: 'build-info.cjs:3:1',
    // compiled.mjs line 2 came from original.ts line 12, through its own inline map.
    composedLine: 'original.ts:12:1',
    refused: 'ERR_HOOKLINE_INVALID_ARGUMENT',
  });
});
