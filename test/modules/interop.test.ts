import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeHasInThreadHooks } from '../helpers/run-node.js';
import { runJson } from './fixture.js';

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
  assert.equal(stderr, '');
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
