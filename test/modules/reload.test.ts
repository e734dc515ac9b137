import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

for (const how of ['name', 'pattern']) {
  test(`hot reload (delete require.cache[file], then require) under a hook by ${how}: each load is hooked and audited anew, cached requires are only audited, a dropped module is not kept by the hook, and undo leaves the next load alone`, () => {
    const { value, stderr } = runJson(['--expose-gc', 'reload-cjs.cjs', how]);
    assert.equal(stderr, '');
    assert.deepEqual(
      value,
      {
        handled: 20,
        hooked: Array.from({ length: 20 }, (_, i) => i + 1).join(','),
        // A require the cache answers is no new load: the handler does not run again.
        lastIsCached: 20,
        // 20 loads and 21 cached requires: every request is reported.
        requests: 41,
        kept: 0,
        restored: [null, 'config'],
        afterUndo: [null, 'config'],
      },
      how,
    );
  });
}

test('a hook naming a file, added after copies of that ES module loaded (?t=1…), runs on the copies an earlier hook instrumented and warns of the others, whether or not a resolve hook watched them load', () => {
  for (const args of [[], ['with-mock']]) {
    const { value } = runJson<{ warnings: string[] }>(['late-file-hook.mjs', ...args]);
    const { warnings, ...rest } = value;
    assert.deepEqual(rest, { calls: 2, values: ['late', 'late'], plainCalls: 0 }, args.join());
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(
      warnings[0] ?? '',
      /^onImport\("\.\/reload\/plain\.mjs"\): <app>\/reload\/plain\.mjs was already loaded as an ES module/,
    );
  }
});

test('a hook naming a file added and undone per test, while copies of it load under queries (?t=1…?t=20), runs on the plain copy and the newest, not again on every earlier copy: handler calls grow with the tests, not their square', () => {
  for (const resolveHook of ['', 'with-mock']) {
    // After each copy loaded (a lasting hook had them instrumented): the new copy and the plain one.
    const after = runJson(['late-file-hook-rounds.mjs', 'after', resolveHook]).value;
    assert.deepEqual(
      after,
      { total: 40, calls: Array(20).fill(2).join(','), eachCopyHooked: true, plain: 'round 20' },
      resolveHook,
    );
    // Before each copy loads: the copy, and at once the newest copy of the test before; the plain
    // copy, imported in the last test, is one more.
    const before = runJson(['late-file-hook-rounds.mjs', 'before', resolveHook]).value;
    assert.deepEqual(
      before,
      {
        total: 40,
        calls: [1, ...Array(18).fill(2), 3].join(','),
        eachCopyHooked: true,
        plain: 'round 20',
      },
      resolveHook,
    );
  }
});
