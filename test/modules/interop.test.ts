import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeHasInThreadHooks, runNode, withoutRegisterDeprecation } from '../helpers/run-node.js';
import { appDir, runJson } from './fixture.js';

const target = (url: string) => url.replace(/^file:\/\/\/.*\/interop\//, './');

/** What interop/main.* print when hookline's hooks ran before the program's own loader. */
const hooklineFirst = {
  mode: 'hooked virtual',
  u: 'user',
  h: 'hookline',
  audited: [
    ['virtual:config', 'virtual:config'],
    ['./target.mjs', './target.mjs'],
  ],
  transformed: ['"user"'],
};

function run(args: readonly string[]): Record<string, unknown> {
  const { value, stderr } = runJson<{ audited: [string, string][] }>(args);
  assert.equal(withoutRegisterDeprecation(stderr), '');
  return { ...value, audited: value.audited.map(([s, url]) => [s, target(url)]) };
}

const noRegisterHooks = !nodeHasInThreadHooks() && 'module.registerHooks is Node 22.15+';

for (const entry of ['interop/main.mjs', 'interop/main.cjs']) {
  test(`hookline's hooks run before the program's own module.registerHooks hooks, registered before or after hookline's (${entry})`, {
    skip: noRegisterHooks,
  }, () => {
    const hooks = ['--import', './interop/hl-hooks.mjs'];
    const user = ['--import', './interop/user-hooks.mjs'];
    const register = ['--import', 'hookline/register'];
    assert.deepEqual(run([...user, ...register, ...hooks, entry]), hooklineFirst);
    assert.deepEqual(run([...register, ...hooks, ...user, entry]), hooklineFirst);
    // So a mock of hookline's stands in for a module the program's loader serves.
    const mock = ['--import', './interop/hl-mock.mjs'];
    assert.deepEqual(run([...register, ...hooks, ...mock, ...user, entry]), {
      ...hooklineFirst,
      mode: 'mocked',
      audited: [
        ['virtual:config', 'hookline:mock/1'],
        ['./target.mjs', './target.mjs'],
      ],
    });
  });
}

test("hookline's hooks run before a module.register loader registered before them, on every Node, and before one registered after them where in-thread hooks exist", () => {
  const hooks = ['--import', 'hookline/register', '--import', './interop/hl-hooks.mjs'];
  const user = ['--import', './interop/register-user-loader.mjs'];
  assert.deepEqual(run([...user, ...hooks, 'interop/main.mjs']), hooklineFirst);
  const after = run([...hooks, ...user, 'interop/main.mjs']);
  if (nodeHasInThreadHooks()) {
    assert.deepEqual(after, hooklineFirst);
    return;
  }
  // Node 20: the loader registered last runs first; what it serves itself hookline does not see.
  assert.deepEqual(after, {
    ...hooklineFirst,
    mode: 'virtual',
    audited: [['./target.mjs', './target.mjs']],
    transformed: ['USER_VALUE'],
  });
});

const noMockModule = !nodeHasInThreadHooks() && "node:test's mock.module is Node 22.3+";
const testMocks = (file: string) => {
  const result = runNode(['--experimental-test-module-mocks', '--test-reporter=dot', file], {
    cwd: join(appDir, 'interop'),
  });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  return JSON.parse(result.stdout.split('\n')[0] ?? '') as unknown;
};

test("hookline's require features keep working after node:test's mock.module() replaced Module._load, in a CommonJS test file", {
  skip: noMockModule,
}, () => {
  assert.deepEqual(testMocks('test-mocks.cjs'), {
    mocked: ['node mock', 'hookline mock'],
    restored: ['hello you', 'installed'],
    audited: ['require cjs-pkg', 'require real-pkg', 'require cjs-pkg', 'require real-pkg'],
  });
});

test("node:test's mock.module and hookline's mockModule, onImport and auditImports side by side in an ES module test file, each undone", {
  skip: noMockModule,
}, () => {
  assert.deepEqual(testMocks('test-mocks.mjs'), {
    mocked: [
      ['node mock', 'node mock'],
      ['hookline mock', 'hookline mock'],
    ],
    restored: [
      ['hello undefined', 'hello undefined'],
      ['hello undefined', 'hello undefined'],
    ],
    handled: ['names-pkg'],
    audited: [
      // node:test resolves the specifier as mock.module() is called, as import.meta.resolve()
      // does: that loads nothing, and is not reported.
      'dynamic-import cjs-pkg cjs-pkg/index.js',
      'require cjs-pkg cjs-pkg/index.js',
      'dynamic-import esm-pkg hookline:mock/1',
      'require esm-pkg hookline:mock/1',
      'dynamic-import names-pkg names-pkg/index.js',
      'dynamic-import cjs-pkg cjs-pkg/index.js',
      'require cjs-pkg cjs-pkg/index.js',
      'dynamic-import esm-pkg esm-pkg/index.js',
      'require esm-pkg esm-pkg/index.js',
    ],
    warnings: [],
  });
});

for (const entry of ['interop/virtual-cjs.cjs', 'interop/virtual-cjs.mjs']) {
  test(`onImport hands over a CommonJS module that the program's own hooks serve under a URL of their own, required (${entry})`, {
    skip: noRegisterHooks,
  }, () => {
    const hooks = ['--import', './interop/hl-cjs-hooks.mjs'];
    const user = ['--import', './interop/user-hooks-cjs.mjs'];
    const register = ['--import', 'hookline/register'];
    const expected = {
      mode: 'hooked virtual',
      handled: [['virtual:cjs', 'commonjs']],
      audited: [['require', 'virtual:cjs']],
    };
    for (const args of [
      [...user, ...register, ...hooks, entry],
      [...register, ...hooks, ...user, entry],
    ]) {
      const { value, stderr } = runJson(args);
      assert.equal(stderr, '');
      assert.deepEqual(value, expected);
    }
  });
}

test('HOOKLINE_PRELOAD, and NODE_OPTIONS with --import hookline/register, may come from an --env-file', () => {
  for (const args of [
    ['--env-file=interop/preload.env', '--import', 'hookline/register', 'print-preloaded.mjs'],
    ['--env-file=interop/register.env', 'print-preloaded.mjs'],
  ]) {
    const { value, stderr } = runJson(args);
    assert.equal(stderr, '');
    assert.deepEqual(value, ['env-preload.mjs']);
  }
});
