import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('mockModule provides a module that does not exist and stands in for one that does, for import and require', () => {
  const { value, stderr } = runJson(['mocks.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    pyconDefault: 'hello PyCon China 2016!',
    pyconYear: 2016,
    pyconRequire: 'hello PyCon China 2016!',
    runsBeforeUse: 0,
    cjsImport: 'mocked hello a',
    cjsRequire: 'mocked hello b',
    factoryRuns: 1,
    esm: ['mock default', 42],
    afterUndo: 'hello c',
    missing: 'ERR_MODULE_NOT_FOUND',
  });
});

test('mockModule refuses exports that come as a promise: an async factory or a promise at the call (nothing is mocked), a factory returning one at the first load; and a class, which cannot be a factory', () => {
  const { value, stderr } = runJson<Record<string, unknown>>(['mock-promises.mjs']);
  assert.equal(stderr, '');
  const refused = (where: string, received: string) => ({
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message: `${where}: Expected the exports, or a factory that returns them synchronously (modules load synchronously) but got ${received}. Load what the mock needs first and pass the exports: mockModule(name, await import("./fake.js")), or make the factory synchronous.`,
  });
  const atLoad = refused('the factory of mockModule("factory-promise", exports)', 'a promise');
  assert.deepEqual(value, {
    'async-factory': refused('mockModule("async-factory", exports)', 'an async function'),
    'async-factory import': 'ERR_MODULE_NOT_FOUND',
    'promised-exports': refused('mockModule("promised-exports", exports)', 'a promise'),
    'promised-exports import': 'ERR_MODULE_NOT_FOUND',
    'class-exports': {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message:
        'mockModule("class-exports", exports): Expected the exports importers should get, or a factory () => exports but got the class Mocked. A function is taken as a factory: for a module whose exports are a class, pass a factory that returns it, such as mockModule("class-exports", () => Mocked).',
    },
    'class-exports import': 'ERR_MODULE_NOT_FOUND',
    'factory-promise import': atLoad,
    'factory-promise require': atLoad,
  });
});

test('mockModule of a builtin applies to process.getBuiltinModule too, by either name, until undone; a name that is no builtin still gets undefined', () => {
  const { value, stderr } = runJson(['mocked-builtin.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    get: ['mocked host', 'mocked host'],
    require: 'mocked host',
    import: 'mocked host',
    factoryGotReal: true,
    notBuiltin: [null, null],
    afterUndo: true,
    events: [
      'os node:os', // the factory's
      'os hookline:mock/N',
      'node:os hookline:mock/N',
      'os node:os',
    ],
  });
});

test('undone mocks are not kept: what a test suite mocks and undoes round after round (by value or factory, required or never loaded) can be collected', () => {
  const { value } = runJson<{ kept: number }>(['--expose-gc', 'mock-undone-released.mjs']);
  // Of 20 rounds, V8 may still hold the last round's object in the loop's own scope.
  assert.ok(value.kept <= 1, `${value.kept} of 20 undone mocks kept`);
});

test('undone mocks whose import failed to link (a name another module lacks), so that Node loaded their module and never runs it, are not all kept: the newest 32 at most, for imports still under way', () => {
  const { value } = runJson<{ failed: string; after: string; kept: number }>([
    '--expose-gc',
    'testers/lacking/link-failed.mjs',
  ]);
  assert.equal(
    value.failed,
    "The requested module 'node:path' does not provide an export named 'nothing'",
  );
  assert.equal(value.after, 'real query / real close');
  // Of 100 rounds; V8 may still hold the last round's object in the loop's own scope.
  assert.ok(value.kept <= 33, `${value.kept} of 100 undone mocks kept`);
});
