// hookline beside the other tools a real program already runs on the same modules: APM agents'
// require-in-the-middle and import-in-the-middle, require.extensions compilers, tools that patch
// the CommonJS loader's functions, other module hooks, and stubs of exports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeHasInThreadHooks, withoutRegisterDeprecation } from '../helpers/run-node.js';
import { runJson } from './fixture.js';

function run(args: readonly string[]): Record<string, unknown> {
  const { value, stderr } = runJson(args);
  assert.equal(withoutRegisterDeprecation(stderr), '');
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

test('tools that resolve with Module._resolveFilename(id, parent) and load nothing (resolve-from, import-fresh, require-relative) are not taken for a require: nothing is audited, and a mocked name resolves to its file', () => {
  assert.deepEqual(run(['coexist/resolve-from.cjs']), {
    resolveFrom: ['node_modules/cjs-pkg/index.js', 'node_modules/real-pkg/index.js'],
    requireRelative: ['node_modules/cjs-pkg/index.js', 'node_modules/real-pkg/index.js'],
    audited: [],
  });
});

test("import-in-the-middle's loader (module.register) and Hook beside hookline's onImport, transform and auditImports on the same modules: hookline hooks each module once, not IITM's wrapper of it, and the audit tells the program's imports only", () => {
  for (const by of ['name', 'pattern']) {
    const env = { HOOKLINE_BY: by };
    const iitmFirst = runJson([...iitmLoader, ...hooklineHooks, 'coexist/iitm-main.mjs'], env);
    assert.equal(withoutRegisterDeprecation(iitmFirst.stderr), '');
    assert.deepEqual(iitmFirst.value, bothOnEsm);
    const iitmLast = runJson([...hooklineHooks, ...iitmLoader, 'coexist/iitm-main.mjs'], env);
    assert.equal(withoutRegisterDeprecation(iitmLast.stderr), '');
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

test("require.extensions compilers (a '.coffee' compiler, a pirates-style '.js' hook through module._compile) and hookline's transform and onImport, installed before or after them: the compilers run first, hookline's transform gets what they compiled, and onImport gets the module", () => {
  for (const order of ['compilers-first', 'hookline-first']) {
    assert.deepEqual(run(['coexist/extensions.cjs', order]), {
      log: [
        'coffee compiled',
        'hookline transform greeting.coffee compiled coffee',
        'hookline onImport greeting.coffee commonjs',
        'pirates saw PLAIN',
        'hookline transform plain.js after pirates',
        'hookline onImport plain.js commonjs',
      ],
      coffee: { greet: 'hello', part: 'hookline', hooked: true },
      plain: { where: 'HOOKLINE', hooked: true },
    });
  }
});

test("a pirates-style compiler's inline source map and hookline's transform map compose: with --enable-source-maps an error points at the file's own line, whichever was installed first", () => {
  for (const order of ['compilers-first', 'hookline-first']) {
    assert.equal(
      run(['--enable-source-maps', 'coexist/extension-maps.cjs', order]),
      'fails.js:3:1',
    );
    // Two lines of the compiler's and three of hookline's on top, without the maps.
    assert.equal(run(['coexist/extension-maps.cjs', order]), 'fails.js:8:9');
  }
});

test('a tool that replaces Module.wrap beside hookline: its code runs in every module, and transform, onImport and source maps are as without it', () => {
  const value = run(['--enable-source-maps', 'coexist/module-wrap.cjs']);
  assert.deepEqual(value, {
    log: ['transform', 'onImport'],
    where: 'HOOKLINE',
    hooked: true,
    wrapped: true,
    line: 'fails.js:3:1',
  });
});

const miniLoader = ['--import', './coexist/mini-register.mjs'];
const hooklineMaps = [
  '--import',
  'hookline/register',
  '--import',
  './coexist/hl-transform-maps.mjs',
];
const compiledThenHooked = { where: 'HOOKLINE', from: ['compiled'], line: 'typed.mjs:3' };

test("a tsx/esbuild-style module.register loader that compiles with an inline map, then hookline's transform: hookline gets the compiled source and composes its map with the loader's, on every Node for a loader registered first, and for one registered after where in-thread hooks exist", () => {
  const maps = ['--enable-source-maps'];
  assert.deepEqual(
    run([...maps, ...miniLoader, ...hooklineMaps, 'coexist/mini-main.mjs']),
    compiledThenHooked,
  );
  // Without source maps: two lines of the loader's and three of hookline's on top.
  assert.deepEqual(run([...miniLoader, ...hooklineMaps, 'coexist/mini-main.mjs']), {
    ...compiledThenHooked,
    line: 'typed.mjs:8',
  });
  const after = run([...maps, ...hooklineMaps, ...miniLoader, 'coexist/mini-main.mjs']);
  if (nodeHasInThreadHooks()) {
    assert.deepEqual(after, compiledThenHooked);
    return;
  }
  // Node 20: the loader registered last runs first, and compiles what hookline transformed; its
  // map, which does not compose with the one it was given, is the one Node reads.
  assert.deepEqual(after, { where: 'COMPILED', from: ['file'], line: 'typed.mjs:6' });
});

test("the same loader through module.registerHooks, registered before or after hookline's hooks: composed the same way", {
  skip: !nodeHasInThreadHooks() && 'module.registerHooks is Node 22.15+',
}, () => {
  const env = { MINI_SYNC: '1' };
  for (const args of [
    ['--enable-source-maps', ...miniLoader, ...hooklineMaps, 'coexist/mini-main.mjs'],
    ['--enable-source-maps', ...hooklineMaps, ...miniLoader, 'coexist/mini-main.mjs'],
  ]) {
    const { value, stderr } = runJson(args, env);
    assert.equal(stderr, '');
    assert.deepEqual(value, compiledThenHooked);
  }
});

test("hookline's mock of an ES module beside import-in-the-middle: IITM's Hook is not handed the mock, except on Node 20 with IITM's loader registered after hookline's", () => {
  const mock = ['--import', 'hookline/register', '--import', './coexist/hl-mock-esm.mjs'];
  const mocked = {
    esm: 'mock x',
    cjs: 'hello x',
    live: [7, 7],
    def: 'mock default',
    iitm: ['cjs-pkg'],
  };
  assert.deepEqual(run([...iitmLoader, ...mock, 'coexist/iitm-main.mjs']), mocked);
  assert.deepEqual(
    run([...mock, ...iitmLoader, 'coexist/iitm-main.mjs']),
    nodeHasInThreadHooks()
      ? mocked
      : { ...mocked, esm: 'iitm(mock x)', iitm: ['cjs-pkg', 'esm-pkg'] },
  );
});

test("sinon stubs of CommonJS exports that onImport changed or replaced: restored before hookline's undo, everything is as it was; restored after it, hookline's undo leaves the stub, and the stub's restore puts back the function hookline's handler had put there", () => {
  assert.deepEqual(run(['coexist/sinon-cjs.cjs', 'sinon-first']), {
    hooked: 'hookline(hello x)',
    replaced: 'replaced',
    stubbed: ['stubbed', 'stubbed', 'stubbed'],
    sinonRestored: ['hookline(hello x)', 'replaced'],
    bothUndone: ['hello x', 'installed'],
  });
  assert.deepEqual(run(['coexist/sinon-cjs.cjs', 'hookline-first']), {
    hooked: 'hookline(hello x)',
    replaced: 'replaced',
    stubbed: ['stubbed', 'stubbed', 'stubbed'],
    // A replaced module.exports goes back (the stub was on the replacement); a changed property
    // is left to the stub put there after it.
    hooklineUndone: ['stubbed', 'stubbed', 'string'],
    bothUndone: ['hookline(hello x)', 'installed'],
  });
});

test("sinon refuses an ES module's namespace and the view an onImport handler gets alike (stub); sinon.replace and assigning through that view, in the handler or later, change the export", () => {
  assert.deepEqual(run(['coexist/sinon-esm.mjs']), {
    hooked: 'hookline(hello x)',
    namespaceStub: 'TypeError',
    viewStub: 'TypeError: ES Modules cannot be stubbed',
    replaced: 'replaced',
    replaceRestored: 'hookline(hello x)',
    stubbedByView: 'stubbed',
    restoredByView: 'hookline(hello x)',
    undone: 'hello x',
  });
});

test("beside import-in-the-middle's loader, a binding a hooked module re-exports from another is behind IITM's wrapper of that module: the warning names the module to hook instead, and hooking it changes what both export", () => {
  const direct = ['--import', 'hookline/register', '--import', './coexist/hl-reexports-direct.mjs'];
  const hooked = {
    alias: 'hooked word',
    word: 'hooked word',
    fromA: 'hooked A',
    // IITM's wrapper of star-pkg exports a copy of `shared`, which its own setter does not change.
    shared: 'a',
    shadowed: 'hooked shadowed',
    saw: ['names-pkg', 'reexported-pkg', 'star-pkg'],
    iitm: [],
  };
  assert.deepEqual(run([...iitmLoader, ...direct, 'coexist/iitm-reexports.mjs']), hooked);
  const through = ['--import', 'hookline/register', '--import', './coexist/hl-reexports.mjs'];
  const { value, stderr } = runJson([...iitmLoader, ...through, 'coexist/iitm-reexports.mjs']);
  assert.deepEqual(value, {
    ...hooked,
    alias: 'original',
    word: 'original',
    fromA: 'A',
    saw: ['names-pkg', 'reexport-pkg', 'star-pkg'],
  });
  assert.match(stderr, /reexport-pkg: could not replace "alias".*onImport\("reexported-pkg", …\)/);
  assert.match(
    stderr,
    /star-pkg: could not replace "fromA".*onImport\("file:\/\/\/.*\/star-pkg\/a\.js", …\)/,
  );
});

test("a tool that replaces Module.prototype._compile with its own compiler, not calling the one it replaced (as v8-compile-cache does), after hookline's wrapper or before it: onImport handlers still run on the CommonJS modules they select, once; transforms only where hookline's wrapper is still called", () => {
  assert.deepEqual(run(['coexist/compile-replaced.cjs', 'before']), {
    log: [
      'tool compiled index.js',
      'onImport cjs-pkg',
      'transform real-pkg',
      'tool compiled index.js',
      'onImport real-pkg',
    ],
    hooked: true,
    where: 'replaced',
    again: [true, true],
  });
  assert.deepEqual(run(['coexist/compile-replaced.cjs', 'after']), {
    log: [
      'tool compiled index.js',
      'onImport cjs-pkg',
      'tool compiled index.js',
      'onImport real-pkg',
    ],
    hooked: true,
    where: 'replaced',
    again: [true, true],
  });
});

test("mockModule and redirect of builtins beside a require-in-the-middle hook on them (and without one): the mock is served before RITM's cache, by require and process.getBuiltinModule, RITM never keeps it, everything else passes through, and the builtin is back after the undo", () => {
  for (const order of ['ritm-first', 'hookline-first', 'no-ritm']) {
    assert.deepEqual(run(['coexist/ritm-builtin-mocks.cjs', order]), {
      mockedFirst: ['first', 'first'],
      others: ['cjs', 'function'],
      realAfter: ['function', 'function'],
      mockedLater: ['later', 'later'],
      realAgain: 'function',
      redirected: true,
      osBack: 'function',
      patched: order === 'no-ritm' ? [] : ['fs', 'os'],
      audited: [
        'require fs hookline:mock/1',
        'get-builtin-module node:fs hookline:mock/1',
        'require fs hookline:mock/2',
        'get-builtin-module fs hookline:mock/2',
        'require os os-copy.cjs',
      ],
    });
  }
});

test("a hook added after an ES module loaded beside import-in-the-middle's loader: the warning names the module's file, not IITM's wrapper of it", () => {
  const { value } = runJson([...iitmLoader, 'coexist/iitm-late-hook.mjs']);
  assert.deepEqual(value, {
    greet: 'iitm(hello x)',
    warnings: ['onImport("esm-pkg"): node_modules/esm-pkg/index.js'],
  });
});

test("a require wrapper that resolves every request first, builtins included (as dd-trace's own require-in-the-middle does), then calls through: each require is audited once, a builtin as its node: URL", () => {
  assert.deepEqual(run(['coexist/resolving-wrapper.cjs']), [
    'require fs node:fs',
    'require node:os node:os',
    'require cjs-pkg index.js',
    'require cjs-pkg index.js',
  ]);
});
