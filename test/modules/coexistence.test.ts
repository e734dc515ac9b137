// hookline beside the other tools a real program already runs on the same modules: APM agents'
// require-in-the-middle and import-in-the-middle, require.extensions compilers, tools that patch
// the CommonJS loader's functions, other module hooks, and stubs of exports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeHasInThreadHooks } from '../helpers/run-node.js';
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

/** What iitm-main.mjs prints when IITM's loader and hookline's hooks (hl-esm-hooks.mjs) ran. */
const bothOnEsm = {
  // hookline's handler on the module itself, IITM's on its wrapper's exports after it.
  esm: 'iitm(hookline(hi x))',
  cjs: 'hookline(hello x)',
  // IITM's wrapper exports copies of the bindings, which it does not update (IITM's own limit).
  live: [0, 0],
  def: 'default',
  iitm: ['cjs-pkg', 'esm-pkg'],
  handled: ['cjs-pkg commonjs', 'esm-pkg module'],
  transformed: ['esm-pkg'],
  audited: [
    'import cjs-pkg node_modules/cjs-pkg/index.js',
    'import esm-pkg node_modules/esm-pkg/index.js',
  ],
};

const iitmLoader = ['--import', './coexist/iitm-loader.mjs'];
const hooklineHooks = ['--import', 'hookline/register', '--import', './coexist/hl-esm-hooks.mjs'];

test("import-in-the-middle's loader (module.register) and Hook beside hookline's onImport, transform and auditImports on the same modules: hookline hooks each module once, not IITM's wrapper of it, and the audit tells the program's imports only", () => {
  for (const by of ['name', 'pattern']) {
    const env = { HOOKLINE_BY: by };
    const iitmFirst = runJson([...iitmLoader, ...hooklineHooks, 'coexist/iitm-main.mjs'], env);
    assert.equal(iitmFirst.stderr, '');
    assert.deepEqual(iitmFirst.value, bothOnEsm);
    const iitmLast = runJson([...hooklineHooks, ...iitmLoader, 'coexist/iitm-main.mjs'], env);
    assert.equal(iitmLast.stderr, '');
    assert.deepEqual(iitmLast.value, {
      ...bothOnEsm,
      // Node 20: IITM's loader, registered last, runs first and reads the module's source through
      // hookline's load hook to learn its exports, before the module's own load.
      transformed: nodeHasInThreadHooks() ? ['esm-pkg'] : ['esm-pkg', 'esm-pkg'],
    });
  }
});

test("import-in-the-middle's in-thread loader (register-hooks.mjs, module.registerHooks) beside hookline's hooks, registered before or after them", {
  skip: !nodeHasInThreadHooks() && 'module.registerHooks is Node 22.15+',
}, () => {
  const env = { IITM_SYNC: '1' };
  for (const args of [
    [...iitmLoader, ...hooklineHooks, 'coexist/iitm-main.mjs'],
    [...hooklineHooks, ...iitmLoader, 'coexist/iitm-main.mjs'],
  ]) {
    const { value, stderr } = runJson(args, env);
    assert.equal(stderr, '');
    assert.deepEqual(value, bothOnEsm);
  }
});

test("tools that replace Module._load (a proxyquire-like stub), Module._resolveFilename (an alias) and Module.prototype.require, above or below hookline's wrappers: every feature keeps working beside them, an aliased require is audited, a stubbed one is not and warns nothing, and restoring theirs leaves hookline's", () => {
  const during = { stub: true, alias: 'cjs', mock: 'mocked' };
  const fullAudit = ['@alias/cjs', 'real-pkg', 'real-pkg', 'cjs-pkg'];
  // The tools patch after hookline's wrappers: restoring theirs puts hookline's back.
  assert.deepEqual(run(['coexist/loader-patches.cjs', 'hookline-first']), {
    during,
    after: { mock: 'mocked', cjs: 'cjs' },
    seen: ['real-pkg'],
    audited: fullAudit,
  });
  // hookline/register installs hookline's wrappers before the program's tools save theirs.
  assert.deepEqual(
    run(['--import', 'hookline/register', 'coexist/loader-patches.cjs', 'tools-first']),
    {
      during,
      after: { mock: 'mocked', cjs: 'cjs' },
      seen: ['real-pkg'],
      audited: fullAudit,
    },
  );
  // Without it, the tools saved Node's own functions before hookline's first hook wrapped theirs:
  // putting those back takes hookline's wrappers out with theirs (documented).
  assert.deepEqual(run(['coexist/loader-patches.cjs', 'tools-first']), {
    during,
    after: { mock: 'installed', cjs: 'cjs' },
    seen: ['real-pkg'],
    audited: ['@alias/cjs', 'real-pkg'],
  });
});
