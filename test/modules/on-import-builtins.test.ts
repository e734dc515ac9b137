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

test('a predicate onImport hook loads no builtin it was not asked for, and gets each builtin the program loads later, by require, import, static import and getBuiltinModule', () => {
  // --throw-deprecation: loading punycode or sys for the hook would throw here.
  const { value, stderr } = runJson(['--throw-deprecation', 'builtins-pattern.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    resolvedOnly: 'node:punycode',
    before: [],
    seenAtOnce: [],
    loadedByHook: [],
    require: true,
    import: true,
    staticImport: true,
    getBuiltinModule: true,
    loadedAtEnd: [],
    seenOnce: true,
  });
});

test('an export a preloaded hook adds to a builtin can be imported by name', () => {
  const { value, stderr } = runJson(['--import', 'hookline/register', 'builtin-added-export.mjs'], {
    HOOKLINE_PRELOAD: './hooks/builtin-added-export.mjs',
  });
  assert.equal(stderr, '');
  assert.deepEqual(value, { named: 'added', default: 'added' });
});

test('a pattern hook added once the program runs is not handed the builtins hookline loads for itself as it adds it (node:inspector, to find the ES modules loaded before): it gets one when the program loads it', () => {
  const { value, stderr } = runJson(['builtins-pattern-own.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, { atOnce: [], afterImport: ['node:inspector'] });
});
