import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('hot reload (delete require.cache[file], then require): each load is hooked and audited anew, a dropped module is not kept by the hook, and undo leaves the next load alone', () => {
  const { value, stderr } = runJson(['--expose-gc', 'reload-cjs.cjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    handled: 20,
    hooked: Array.from({ length: 20 }, (_, i) => i + 1).join(','),
    // A require the cache answers is no new load: the handler does not run again.
    lastIsCached: 20,
    // 20 loads and the cached require: every request is reported.
    requests: 21,
    kept: 0,
    restored: [null, 'config'],
    afterUndo: [null, 'config'],
  });
});
