import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('onImport replaces CommonJS exports for import, require and createRequire; scoped, deep, circular and dual packages; ES modules loaded by require', () => {
  const { value, stderr } = runJson(['cjs-hooks.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    infos: [{ name: 'cjs-pkg', version: '1.2.3', format: 'commonjs', path: true }],
    importGreet: 'HOOKED hello a',
    importDefault: 'HOOKED hello b',
    requireGreet: 'HOOKED hello c',
    same: true,
    deep: true,
    scoped: 'wrapped scoped',
    circular: '[A+B(a-early)]',
    dual: ['esm hooked as module', 'cjs hooked as commonjs'],
    requiredEsm: 'hooked through require(esm)',
  });
});

test('a hook added after its target loaded: CommonJS is handed over at once, an evaluated ES module is named in a warning', () => {
  const { value } = runJson<{ calls: string[]; cjs: string; requireAgain: string; esm: number }>([
    'after-load.mjs',
  ]);
  assert.equal(value.cjs, 'patched later');
  assert.equal(value.requireAgain, 'patched later');
  assert.equal(value.esm, 1, 'the ES module is not changed');
  assert.equal(value.calls[0], 'cjs handler ran at once');
  assert.ok(!value.calls.includes('esm handler ran'));
  assert.match(
    value.calls[1] ?? '',
    /^warning: HooklineWarning: onImport\("esm-pkg"\): file:\S+\/esm-pkg\/index\.js was already evaluated as an ES module/,
  );
});

test('a hook added late, while the loaders already watch ES modules for an earlier hook, names the evaluated ES module it selects by name or by pattern', () => {
  const { value } = runJson<{ calls: string[]; kind: string }>([
    '--import',
    './hooks/esm-preload.mjs',
    'after-load-watched.mjs',
  ]);
  assert.equal(value.kind, 'esm');
  assert.ok(!value.calls.some((call) => call.endsWith('handler ran')), String(value.calls));
  assert.equal(value.calls.length, 2, String(value.calls));
  for (const call of value.calls) {
    assert.match(
      call,
      /^warning: onImport\("dual-pkg"\): file:\S+\/dual-pkg\/lib\/index\.mjs was already evaluated as an ES module/,
    );
  }
});
