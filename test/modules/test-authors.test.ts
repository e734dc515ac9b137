import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeHasInThreadHooks, nodeStripsTypes, runNode } from '../helpers/run-node.js';
import { appDir, runApp, runJson } from './fixture.js';

// mockModule as a test author uses it, for esmock's, proxyquire's and vi.mock's jobs: the fixtures
// in testers/ are test files and modules under test.

test('a mock undone while an import that resolved to it is under way: the import gets it, and nothing fails (where it threw "mock #n was removed before its module loaded")', () => {
  const { value, stderr } = runJson<{ direct: string[] }>(['testers/in-flight-undo.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    // Node 22.15+/24 resolve an import() as it is called; Node 20's loader thread at its next turn,
    // after the undo.
    got: [nodeHasInThreadHooks() ? 'mock query / mock close' : 'real query / real close'],
    direct: nodeHasInThreadHooks() ? ['mock query'] : value.direct,
    afterwards: 'real query / real close',
  });
  // Node 20: the mock or the real module, as the loader thread resolved it; never a failure.
  for (const got of value.direct) assert.ok(['mock query', 'real query'].includes(got), got);
});

test("the mock of a CommonJS file, imported, has the whole mock as its default export as Node gives that file's module.exports (not its `default` key, which an ES module's mock keeps): a test passes only where the program would", () => {
  const { value, stderr } = runJson(['testers/cjs-default.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    compiled: {
      real: { default: ['default', 'helper'], named: ['__esModule', 'helper'] },
      mocked: { default: ['__esModule', 'default', 'helper'], named: ['__esModule', 'helper'] },
    },
    typeCommonJs: {
      real: { default: ['default', 'mode'], named: [] },
      // Node finds no names in an object literal; a mock's keys are its names.
      mocked: { default: ['default', 'mode'], named: ['mode'] },
    },
    esm: {
      real: { default: 'real default', named: ['helper'] },
      mocked: { default: 'mock default', named: ['helper'] },
    },
    notYetWritten: {
      real: 'ERR_MODULE_NOT_FOUND',
      mocked: { default: 'mock default', named: ['helper'] },
    },
  });
});

test('a factory is called once, on first use, for import and require alike; one that throws fails that load with its own error and is called again at the next', () => {
  const { value, stderr } = runJson(['testers/factory-calls.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    once: {
      first: 'mock query / mock close',
      second: 'mock query / mock close',
      required: 'mock query',
      calls: 1,
    },
    throwing: { failed: 'the fake database is not ready', retried: 'second try', attempts: 2 },
  });
});

test("a mock lacking a name its importer imports fails the import with Node's SyntaxError, which says the module is hookline's mock and, to an ES module test file, which has no require, how to spread the real module imported first (it showed a factory that requires it); a partial mock spreads the real module, required in the factory or imported first", () => {
  const { value, stderr } = runJson(['testers/partial.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    lacking: `SyntaxError: The requested module './db.mjs' does not provide an export named 'close': ${appDir}/testers/src/service.mjs:1:1 imports 'close' from hookline's mock, mockModule("./src/db.mjs", …) at ${appDir}/testers/partial.mjs:10:12, whose exports are default, query. Add 'close' to the mock, or spread the real module into it for a partial mock: mockModule("./src/db.mjs", { ...(await import("./src/db.mjs")), … }).`,
    factoryRequires: 'mock query / real close',
    importedFirst: 'real query / mock close',
  });
});

/**
 * What an import of names a mock lacks fails with: `importer` (of the fixture app) takes `name`
 * from the mock declared at `site` of testers/lacking/. The partial mock it shows is as that file
 * can write it: a CommonJS file requires the real module in a factory, an ES module imports it.
 */
function lackingMessage(
  requested: string,
  name: string,
  mocked: string,
  site: string,
  exports: string,
  importer: string,
): string {
  return `The requested module '${requested}' does not provide an export named '${name}': ${appDir}/${importer} imports '${name}' from hookline's mock, mockModule("${mocked}", …) at ${appDir}/testers/lacking/${site}, whose exports are ${exports}. Add '${name}' to the mock, or spread the real module into it for a partial mock: ${/\.cjs:/.test(site) ? `mockModule("${mocked}", () => ({ ...require("${mocked}"), … }))` : `mockModule("${mocked}", { ...(await import("${mocked}")), … })`}.`;
}

test("import() of a module whose static imports or re-exports take names a mock lacks fails with a SyntaxError that says the module is hookline's mock, where it was made and what it has; import() of the mock itself, and a mock that has the names, load", () => {
  const { value, stderr } = runJson(['testers/lacking/dynamic.mjs']);
  assert.equal(stderr, '');
  const failed = (message: string) => ({ isSyntaxError: true, name: 'SyntaxError', message });
  assert.deepEqual(value, {
    lacking: failed(
      lackingMessage(
        './db.mjs',
        'close',
        '../src/db.mjs',
        'dynamic.mjs:12:12',
        'default, query',
        'testers/src/service.mjs:1:1',
      ),
    ),
    reexported: failed(
      lackingMessage(
        '../src/db.mjs',
        'close',
        '../src/db.mjs',
        'dynamic.mjs:12:12',
        'default, query',
        'testers/lacking/reexports.mjs:2:1',
      ),
    ),
    dynamic: ['default', 'query'],
    package: failed(
      lackingMessage(
        'not-installed-pkg',
        'b',
        'not-installed-pkg',
        'dynamic.mjs:19:8',
        'default, a, c',
        'testers/lacking/package-user.mjs:1:1',
      ),
    ),
    complete: 'mock query / mock close',
  });
});

test("the entry point, or a module it imports, importing a name a preloaded mock lacks: the program fails with a SyntaxError that says the module is hookline's mock, placed at the import (Node 24's banner showed hookline's line, as though hookline had failed)", () => {
  const cases = [
    [
      'testers/src/service.mjs',
      lackingMessage(
        './db.mjs',
        'close',
        '../src/db.mjs',
        'mocks.mjs:4:1',
        'default, query',
        'testers/src/service.mjs:1:1',
      ),
    ],
    [
      'testers/lacking/nested.mjs',
      lackingMessage(
        './db.mjs',
        'close',
        '../src/db.mjs',
        'mocks.mjs:4:1',
        'default, query',
        'testers/src/service.mjs:1:1',
      ),
    ],
    [
      'testers/lacking/package-user.mjs',
      lackingMessage(
        'not-installed-pkg',
        'b',
        'not-installed-pkg',
        'mocks.mjs:5:1',
        'default, a',
        'testers/lacking/package-user.mjs:1:1',
      ),
    ],
  ] as const;
  for (const [entry, message] of cases) {
    const result = runApp(['--import', './testers/lacking/mocks.mjs', entry]);
    assert.equal(result.status, 1, result.stderr);
    // Node 20 tells an error that came from its loader thread by its class's name too.
    const lines = result.stderr.split('\n');
    const importer = /: (\S+) imports /.exec(message)?.[1];
    assert.ok(lines.includes(`    at ${importer}`), result.stderr);
    assert.ok(!/[/\\]dist[/\\]|checkedMockResult/.test(result.stderr), result.stderr);
    assert.ok(
      lines.includes(`SyntaxError: ${message}`) ||
        lines.includes(`SyntaxError [Error]: ${message}`),
      result.stderr,
    );
  }
});

test("a TypeScript module importing a name a mock lacks, stripped by Node or compiled by a loader registered after hookline, fails with the message that says the module is hookline's mock (Node 22.15+/24, whose in-thread hooks see what Node links; Node 20: Node's message); one whose compiler drops the import of a name only its types use loads under a mock that lacks that name", () => {
  // What the compiled module still imports, a mock lacks: hookline's message where its hooks see
  // the compiled source (in-thread, above the loader's), else Node's.
  const elided = {
    out: 'mock query / mock close',
    lacking: nodeHasInThreadHooks()
      ? `SyntaxError: ${lackingMessage('../src/db.mjs', 'close', '../src/db.mjs', 'elided.mjs:18:8', 'default, query', 'testers/lacking/elided.ts:3:1')}`
      : "SyntaxError: The requested module '../src/db.mjs' does not provide an export named 'close'",
  };
  assert.deepEqual(runJson(['testers/lacking/elided.mjs']).value, elided);
  if (nodeHasInThreadHooks()) {
    assert.deepEqual(runJson(['testers/lacking/elided.mjs'], { ELIDE_SYNC: '1' }).value, elided);
  }
  if (!nodeStripsTypes()) return;
  const { value, stderr } = runJson(['testers/lacking/typescript.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    // `import type { Other }` on line 3 takes no name; line 4's `type Query` neither.
    lacking: nodeHasInThreadHooks()
      ? `SyntaxError: ${lackingMessage('../src/db.mjs', 'close', '../src/db.mjs', 'typescript.mjs:5:12', 'default, query', 'testers/lacking/service.ts:4:1')}`
      : "SyntaxError: The requested module '../src/db.mjs' does not provide an export named 'close'",
    complete: 'mock query / mock close',
  });
});

test("an ES module that a CommonJS test file require()s, importing a name a mock lacks, fails with the message that says the module is hookline's mock, as its import() would (where Node 24 gave its bare message)", {
  skip: nodeHasInThreadHooks()
    ? false
    : "Node 20: a required ES module's imports bypass module hooks",
}, () => {
  const { value, stderr } = runJson(['testers/lacking/required.cjs']);
  assert.equal(stderr, '');
  const lacking = `SyntaxError: ${lackingMessage('./db.mjs', 'close', '../src/db.mjs', 'required.cjs:13:12', 'default, query', 'testers/src/service.mjs:1:1')}`;
  assert.deepEqual(value, {
    direct: lacking,
    nested: lacking,
    complete: 'mock query / mock close',
  });
});

test("modules loaded before the mock (the test file and what it imports statically) import() a module that takes a name the mock lacks: the import fails with the message that says the module is hookline's mock", () => {
  const { value, stderr } = runJson(['testers/lacking/loaded-before.mjs']);
  assert.equal(stderr, '');
  const lacking = `SyntaxError: ${lackingMessage('./db.mjs', 'close', '../src/db.mjs', 'loaded-before.mjs:12:14', 'default, query', 'testers/src/service.mjs:1:1')}`;
  assert.deepEqual(value, { helper: lacking, own: lacking });
});

test("a JSON file's mock written as the docs show, { default: data }, gives require() the data as import's default export does, as require of the file does (where it gave { default: data })", () => {
  const { value, stderr } = runJson(['testers/json-both.mjs']);
  assert.equal(stderr, '');
  const mode = (name: string) => ({ imported: { mode: name }, required: { mode: name } });
  assert.deepEqual(value, { real: mode('real'), wrapped: mode('mock'), data: mode('mock') });
});

test('a module loaded while a mock is in force, whose static import got the real module, import()s it later under a mock that lacks those names: the import() loads', () => {
  const { value, stderr } = runJson(['testers/lacking/static-then-dynamic.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, { static: 'real query / real close', dynamic: ['default', 'other'] });
});

/** Whether the Node under test has --test-isolation (22.8+), to run test files in one process. */
function nodeHasTestIsolation(): boolean {
  const flag = "process.allowedNodeEnvironmentFlags.has('--test-isolation')";
  return runNode(['-p', flag]).stdout.trim() === 'true';
}

/** Runs node --test on fixture test files; passes when every test in them passes. */
function assertNodeTestPasses(args: readonly string[]): void {
  const result = runApp(['--test', '--test-reporter=tap', ...args]);
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /^# fail 0$/m);
}

for (const preload of [[], ['--import', 'hookline/register']]) {
  const how = preload.length > 0 ? ' (hookline/register preloaded)' : '';
  test(`a CommonJS node:test file mocks per test with t.after: the module under test keeps the mock it required until deleted from require.cache${how}`, () => {
    assertNodeTestPasses([...preload, 'testers/node-test/legacy.test.cjs']);
  });

  test(`--test-isolation=none, two test files in one process: the undone mock is gone, what was imported under it is cached, a query gives a fresh copy${how}`, {
    skip: nodeHasTestIsolation() ? false : '--test-isolation is Node 22.8+',
  }, () => {
    assertNodeTestPasses([
      ...preload,
      '--test-isolation=none',
      'testers/node-test/one.test.mjs',
      'testers/node-test/two.test.mjs',
    ]);
  });
}

test('a file named without its ./ (a package name to Node) warns from mockModule, redirect and onImport where no such package is installed and the file is beside the caller, naming the way to name it; installed packages and names of no file stay silent', () => {
  const { value, stderr } = runJson(['--no-warnings', 'testers/forgotten-dot.mjs']);
  assert.equal(stderr, '');
  const said = (where: string) =>
    `${where}: "src/db.mjs" is a name of the package "src", which is not installed, not of the file <dir>/src/db.mjs beside the caller: to name the file, write "./src/db.mjs"`;
  assert.deepEqual(value, {
    warnings: [
      said('mockModule("src/db.mjs", exports)'),
      said('redirect("src/db.mjs", "file://<dir>/src/esm-default.mjs")'),
      said('onImport("src/db.mjs")'),
    ],
  });
});

test('redirect to a local copy named relative to the test file (taken from the working directory) is refused with an error that says where the file is and how to name it', () => {
  const { value, stderr } = runJson(['testers/beside/redirect-beside.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    relative: {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message:
        'redirect("../src/db.mjs", "./fake-db.mjs"): Expected an existing file or package folder to load instead but got <app>/fake-db.mjs, which does not exist. Relative paths are taken from the working directory (<app>), not from the calling file, beside which <app>/testers/beside/fake-db.mjs is: name it new URL("./fake-db.mjs", import.meta.url), or join(__dirname, "./fake-db.mjs") in CommonJS.',
    },
    named: 'fake query / fake close',
  });
});

test("a property of the mock object replaced after the import: named imports keep the value they got (an ES module's bindings are fixed), the default export and require() see the object itself; a function's behaviour can change", () => {
  const { value, stderr } = runJson(['testers/snapshot.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    named: 'first / changed',
    defaultIsTheMock: true,
    required: 'replaced',
  });
});

test('mocks set in a preload (node --import, or HOOKLINE_PRELOAD with hookline/register) are seen by the static imports of a node:test file', () => {
  assertNodeTestPasses([
    '--import',
    './testers/node-test/setup-mocks.mjs',
    'testers/node-test/static.test.mjs',
  ]);
  const result = runApp(
    [
      '--import',
      'hookline/register',
      '--test',
      '--test-reporter=tap',
      'testers/node-test/static.test.mjs',
    ],
    { HOOKLINE_PRELOAD: './testers/node-test/setup-mocks.mjs' },
  );
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
});

test("mocks of files yet to be written are found by require as the files would be: without their extension, or as a folder's index", () => {
  const { value, stderr } = runJson(['testers/missing-required.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, { got: ['mock routes', 'mock lib'], other: 'MODULE_NOT_FOUND' });
});

/** Whether the Node under test has `using` declarations (Node 24). */
function nodeHasUsing(): boolean {
  return runNode(['-e', 'new Function("{ using x = null; }")']).status === 0;
}

test('using declarations in a node:test file: a block that returns the import its mock is for, a block that ends', {
  skip: nodeHasUsing() ? false : 'this Node has no using declarations',
}, () => {
  assertNodeTestPasses(['testers/node-test/using.test.mjs']);
});

test('a URL object given as the specifier to mockModule, onImport (alone or in an array) or redirect is refused, saying to pass its text', () => {
  const { value, stderr } = runJson(['testers/url-object.mjs']);
  assert.equal(stderr, '');
  const refused = [
    'ERR_HOOKLINE_INVALID_ARGUMENT',
    'A URL object is not taken for a specifier: pass its text, "<dir>/src/db.mjs" (url.href).',
  ];
  assert.deepEqual(value, {
    mockModule: refused,
    onImport: refused,
    onImportArray: refused,
    redirect: refused,
  });
});
