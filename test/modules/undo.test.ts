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

test('hooks added and undone round after round (a test runner per test) are not kept: handlers, matchers, listeners and transformers, of hooks that ran on a builtin or a loaded module too', () => {
  const { value } = runJson<{ rounds: number; kept: number }>([
    '--expose-gc',
    'hooks-undone-released.mjs',
  ]);
  // Of 300 rounds of five values, V8 may still hold the last round's in the loop's own scope.
  assert.ok(value.kept <= 5, `${value.kept} of ${value.rounds * 5} kept`);
});

test('transforms added and undone round after round, each on a fresh copy of an ES module it imports (`?t=n`), are not kept one per module they ran on: only those the last 64 rewrites name (for their errors)', () => {
  const { value } = runJson<{ rounds: number; kept: number }>([
    '--expose-gc',
    'transforms-undone-released.mjs',
  ]);
  // The last round's may still be held in the loop's own scope.
  assert.ok(value.kept <= 65, `${value.kept} of ${value.rounds} kept`);
});
