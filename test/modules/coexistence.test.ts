// hookline beside the other tools a real program already runs on the same modules: APM agents'
// require-in-the-middle and import-in-the-middle, require.extensions compilers, tools that patch
// the CommonJS loader's functions, other module hooks, and stubs of exports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

function run(args: readonly string[]): Record<string, unknown> {
  const { value, stderr } = runJson(args);
  assert.equal(stderr, '');
  return value;
}

test("require-in-the-middle's Hook and onImport on the same CommonJS package and builtin: hookline's handler runs as the module loads, RITM's on what require returns, in either order of adding them; undoing hookline's leaves RITM's wrapper", () => {
  for (const order of ['ritm-first', 'hookline-first']) {
    assert.deepEqual(run(['coexist/ritm-on-import.cjs', order]), {
      log: ['hookline node:fs', 'hookline cjs-pkg', 'ritm cjs-pkg', 'ritm fs'],
      both: 'ritm(hookline(hello x))',
      // RITM wrapped hookline's function: hookline's undo leaves what was changed after it.
      afterHooklineUndo: 'ritm(hookline(hello x))',
    });
  }
});

test("mockModule and auditImports beside a require-in-the-middle hook on every module (an APM agent's): RITM's cache neither hides the mock nor keeps it after the undo, and the requires it answers are reported", () => {
  for (const order of ['ritm-first', 'hookline-first']) {
    assert.deepEqual(run(['coexist/ritm-mocks.cjs', order]), {
      mockedFirst: 'mocked',
      realAfter: 'hello x',
      mockedLater: 'mocked again',
      realAgain: 'hello x',
      fileMocked: 'mocked file',
      fileReal: 'installed',
      unhooked: 'hello x',
      // RITM's hook gets the real modules, never a mock.
      patched: ['cjs-pkg', 'real-pkg'],
      audited: [
        ...Array(4).fill('require cjs-pkg'),
        ...Array(3).fill('require real-pkg'),
        'require cjs-pkg',
      ],
    });
  }
});
