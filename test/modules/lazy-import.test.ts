import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('lazyImport loads a module (CommonJS or ES) only at its first use, then behaves as the module; one with top-level await is refused, saying to import() it', () => {
  const { value, stderr } = runJson(['lazy.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    beforeUse: [],
    greeting: 'hello lazy',
    afterCjs: ['cjs-pkg'],
    keys: ['greet', 'increment', 'kind'],
    has: true,
    esm: ['hello esm', 1, 1],
    // tla-pkg resolved (and is audited) before Node found its top-level await.
    loads: ['cjs-pkg', 'esm-pkg', 'tla-pkg'],
    refused: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    missing: 'MODULE_NOT_FOUND',
    topLevelAwait: ['ERR_REQUIRE_ASYNC_MODULE', true],
  });
});

test('lazyImport of a module that is a function or a class: calling it and new load it and forward (this, subclasses, instanceof); typeof is "function" for every stand-in; calling a module that is not a function is refused', () => {
  const { value, stderr } = runJson(['lazy-callable.mjs']);
  assert.equal(stderr, '');
  const refusal = (where: string) => [true, 'ERR_HOOKLINE_NOT_A_FUNCTION', where];
  assert.deepEqual(value, {
    types: ['function', 'function', 'function'],
    beforeUse: [],
    called: 'hi lazy',
    afterCall: ['callable-pkg'],
    property: 1,
    keys: ['x'],
    name: 'greet',
    apply: 'hi again (this)',
    counter: [2, true, 'Counter'],
    sub: [30, true, true, 'Sub'],
    instanceOf: true,
    refusals: {
      call: refusal('lazyImport("cjs-pkg")(…)'),
      new: refusal('new lazyImport("cjs-pkg")(…)'),
      esm: refusal('lazyImport("esm-pkg")(…)'),
    },
    typesAfter: ['function', 'function'],
    plain: 'hello still an object',
    spread: ['greet', 'increment', 'kind'],
  });
});
