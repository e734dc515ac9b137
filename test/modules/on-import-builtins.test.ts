import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('onImport on a builtin patches it in place: require, node: and bare names, default and named imports (taken before too), getBuiltinModule; the undo restores it', () => {
  const { value, stderr } = runJson(['builtins.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    infos: [{ name: 'node:fs', format: 'builtin' }],
    require: 'patched(/x)',
    requirePrefixed: 'patched(/x)',
    named: 'patched(/x)',
    default: 'patched(/x)',
    getBuiltin: 'patched(/x)',
    earlyNamed: 'patched(/x)',
    restored: true,
    active: false,
  });
});
