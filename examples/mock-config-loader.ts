// The talk's unit-test example: `@mock.patch("conf_loader.load")` swaps a slow loader for a
// stand-in while a test runs. Here `replace()` does the same to the loader object the module
// under test imports; `using` puts the real loader back at the end of each test.
//
// An ES module's named exports are read-only bindings, so what gets replaced is a property of an
// exported object (`confLoader.load`), as here. To swap a module's exports themselves, hook the
// module as it loads (`mockModule()` in hookline/modules).
//
// Run it with `node --test build/examples/mock-config-loader.js`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
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

test('after the tests, the real loader is back', () => {
  assert.equal(confLoader.load.name, 'load');
  assert.match(String(confLoader.load), /remote system/);
});
