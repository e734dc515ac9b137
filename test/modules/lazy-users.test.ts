import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('util.inspect (console.log) of a lazyImport stand-in says what it stands for without loading it, and shows the module once loaded', () => {
  const { value, stderr } = runJson(['lazy-users/inspect.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    before: '[lazyImport("cjs-pkg"), not loaded yet]',
    loadsAfterInspect: [],
    after: value['after'],
    module: true,
  });
  assert.match(String(value['after']), /kind: 'cjs'/);
});

test('awaiting a lazyImport stand-in, Promise.resolve of it or returning it from an async function does not load the module: the stand-in is not a thenable', () => {
  const { value, stderr } = runJson(['lazy-users/await.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    same: [true, true],
    beforeUse: [],
    used: ['hello awaited', 'hello returned'],
    afterUse: ['cjs-pkg', 'esm-pkg'],
    thenAfterLoad: 'undefined',
  });
});

test('a lazyImport module that throws while it runs runs once: every use throws the error of the first, as does a module that is not found; the stack of the error ends with the place lazyImport was called', () => {
  const { value, stderr } = runJson(['lazy-users/failure.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    messages: Array(3).fill('throws-pkg failed while loading'),
    sameError: true,
    runs: 1,
    codes: ['MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'],
    calledAt: value['calledAt'],
  });
  const at = (specifier: string, line: number) =>
    new RegExp(`^at lazyImport\\("${specifier}"\\) \\(.*lazy-users/failure\\.mjs:${line}:\\d+\\)$`);
  const [thrown, missing, again] = value['calledAt'] as string[];
  assert.match(String(thrown), at('throws-pkg', 4));
  assert.match(String(missing), at('no-such-lazy-pkg', 13));
  assert.equal(again, missing);
});

test('delete and Object.defineProperty on a lazyImport stand-in change the module (a non-configurable property is refused, changing nothing), and leave the stand-in usable', () => {
  const { value, stderr } = runJson(['lazy-users/define-delete.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    deleted: true,
    afterDelete: [false, false],
    defined: [2, 2, ['added', 'greet', 'increment', 'kind']],
    nonConfigurable: [true, 'ERR_HOOKLINE_INVALID_ARGUMENT', false],
  });
});

test('Object.freeze, seal or preventExtensions of a lazyImport stand-in is refused with a code, and the stand-in stays usable', () => {
  const { value, stderr } = runJson(['lazy-users/freeze.mjs']);
  assert.equal(stderr, '');
  const refusal = [true, 'ERR_HOOKLINE_INVALID_ARGUMENT'];
  assert.deepEqual(value, {
    refusals: [refusal, refusal, refusal],
    frozen: [false, true],
    keys: ['greet', 'increment', 'kind'],
    greeting: 'hello still usable',
  });
});

test('lazyImport loads CommonJS, ES (by require), dual (its require build), builtin and JSON modules once, at first use (destructuring is one), with mocks and onImport applied; the stand-in is not the module itself', () => {
  const { value, stderr } = runJson(['lazy-users/uses.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    beforeUse: [],
    afterDestructuring: ['cjs-pkg'],
    mocked: ['mocked lazy', 'mocked esm lazy'],
    dual: ['hello lazy from cjs', true],
    builtin: ['a/b', true],
    json: ['lazy-data', 2],
    method: [6, true, 'Counter'],
    loadsOfClass: 1,
    identity: [false, true],
  });
});

test('lazyImport called from `node -e` (CommonJS) resolves from the working directory, as require there does, instead of failing at first use', () => {
  const code = `const { lazyImport } = require('hookline/modules');
console.log(JSON.stringify(lazyImport('cjs-pkg').greet('eval')));`;
  const { value, stderr } = runJson<string>(['-e', code]);
  assert.equal(stderr, '');
  assert.equal(value, 'hello eval');
});

test('lazyImport of a package that exports its entry only to import says at first use to import() it, keeping the code of Node', () => {
  const { value, stderr } = runJson(['lazy-users/import-only.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    code: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    saysImport: true,
    cause: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
  });
});

test('a mock added after lazyImport and before the first use applies to the module it loads, which stays loaded when the mock is undone', () => {
  const { value, stderr } = runJson(['lazy-users/mock-later.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, ['mocked first', 'mocked after undo']);
});

test('lazyImport of a module whose exports are a string: its methods, String() and templates give the string', () => {
  const { value, stderr } = runJson(['lazy-users/primitive.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    length: 18,
    template: '/opt/tool/bin/tool',
    concat: '/opt/tool/bin/tool/x',
    string: '/opt/tool/bin/tool',
    method: true,
    json: '{"tool":"/opt/tool/bin/tool"}',
  });
});
