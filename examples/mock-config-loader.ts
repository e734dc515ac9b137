// The talk's unit-test example: `@mock.patch("conf_loader.load")` swaps a slow loader for a
// stand-in while a test runs. Two ways, depending on how the module under test reaches it:
//
// - it calls a property of an object (`confLoader.load()`): `replace()` swaps that property,
//   and `using` puts the real loader back at the end of each test;
// - it imports `load` by name (`import { load } from './conf-loader.js'`): an ES module's named
//   imports are read-only bindings, so the whole module is swapped as it loads — `mockModule()`
//   with the loader's path, relative to this file, before the module under test is imported.
//
// Run it with `node --test build/examples/mock-config-loader.js`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mockModule } from 'hookline/modules';
import { replace, sandbox } from 'hookline/patch';
import { confLoader } from './mock-config-loader/conf-loader.js';
import { logic } from './mock-config-loader/mut.js';

test('logic works with the settings (the loader replaced)', async () => {
  using _ = replace(confLoader, 'load', async () => '{"settings":"..."}');
  assert.equal(await logic(), 'abc');
});

test('logic loads the configuration once a call (a sandbox with a spy)', async () => {
  using box = sandbox();
  box.replace(confLoader, 'load', async () => '{"settings":"..."}');
  const loads = box.spy(confLoader, 'load');
  await logic();
  await logic();
  assert.equal(loads.calls.length, 2);
});

test('without settings, logic says so', async () => {
  using _ = replace(confLoader, 'load', async () => '{"settings":""}');
  assert.equal(await logic(), 'no settings');
});

test('mockModule swaps the loader module for a module under test that imports load by name', async () => {
  using _ = mockModule('./mock-config-loader/conf-loader.js', {
    load: async () => '{"settings":"..."}',
  });
  // Imported after the mock, so its `import { load }` binds to the stand-in.
  const { logic: logicByName } = await import('./mock-config-loader/mut-by-name.js');
  assert.equal(await logicByName(), 'abc');
});

test('after the tests, the real loader is back', () => {
  assert.equal(confLoader.load.name, 'load');
  assert.match(String(confLoader.load), /remote system/);
});
