import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('undoing onImport brings back ES module bindings and CommonJS exports; undoing a scheme ends it; RegExp and predicate matchers select by specifier', () => {
  const { value, stderr } = runJson(['undo.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    matched: ['main', 'sub,value', 'predicate'],
    before: ['hooked', 'hooked'],
    after: ['hello x', 'hello x'],
    one: 1,
    schemeAfterUndo: 'ERR_UNSUPPORTED_ESM_URL_SCHEME',
    active: [false, false],
  });
});
