import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { nodeHasInThreadHooks, repoRoot, runNode } from '../helpers/run-node.js';
import { appDir, runJson } from './fixture.js';

test('auditImports reports every way of loading, with what was asked, what it resolved to, who asked and how', () => {
  const { value, stderr } = runJson<string[][]>(['audit.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, [
    ['dynamic-import', './lib/static-importer.mjs', 'lib/static-importer.mjs', 'audit.mjs'],
    ['import', 'cjs-pkg', 'node_modules/cjs-pkg/index.js', 'lib/static-importer.mjs'],
    ['import', 'node:path', 'node:path', 'lib/static-importer.mjs'],
    ['dynamic-import', 'esm-pkg', 'node_modules/esm-pkg/index.js', 'audit.mjs'],
    ['dynamic-import', './lib/static-then-dynamic.mjs', 'lib/static-then-dynamic.mjs', 'audit.mjs'],
    ['import', 'esm-pkg', 'node_modules/esm-pkg/index.js', 'lib/static-then-dynamic.mjs'],
    ['dynamic-import', 'esm-pkg', 'node_modules/esm-pkg/index.js', 'lib/static-then-dynamic.mjs'],
    ['require', 'cjs-pkg', 'node_modules/cjs-pkg/index.js', 'audit.mjs'],
    ['require', './lib/requirer.cjs', 'lib/requirer.cjs', 'audit.mjs'],
    ['require', '@scope/pkg', 'node_modules/@scope/pkg/main.js', 'lib/requirer.cjs'],
    ['require', 'fs', 'node:fs', 'lib/requirer.cjs'],
    ['get-builtin-module', 'node:os', 'node:os', 'audit.mjs'],
  ]);
});

test('auditImports has reported the last imports by the time exit handlers run, also when the program ends with process.exit()', () => {
  const { value, stderr } = runJson<string[][]>(['audit-at-exit.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, [
    ['dynamic-import', './lib/static-importer.mjs'],
    ['import', 'cjs-pkg'],
    ['import', 'node:path'],
  ]);
});

test('auditImports reports each require once, also when require answers from its caches, and no resolution that loads nothing (require.resolve, re-exports Node reads for an import)', () => {
  const { value, stderr } = runJson<string[][]>(['audit-cached.cjs']);
  assert.equal(stderr, '');
  const shared = ['require', './shared.cjs', 'lib/siblings/shared.cjs'];
  assert.deepEqual(value, [
    ['require', './lib/siblings/a.cjs', 'lib/siblings/a.cjs', 'audit-cached.cjs'],
    [...shared, 'lib/siblings/a.cjs'],
    ['require', './lib/siblings/b.cjs', 'lib/siblings/b.cjs', 'audit-cached.cjs'],
    [...shared, 'lib/siblings/b.cjs'],
    ['require', './lib/siblings/a.cjs', 'lib/siblings/a.cjs', 'audit-cached.cjs'],
    ['require', 'cjs-pkg', 'node_modules/cjs-pkg/index.js', 'audit-cached.cjs'],
    ['require', 'cjs-pkg', 'node_modules/cjs-pkg/index.js', 'audit-cached.cjs'],
    ['require', 'node:os', 'node:os', 'audit-cached.cjs'],
    ['require', 'os', 'node:os', 'audit-cached.cjs'],
    ['dynamic-import', './lib/siblings/a.mjs', 'lib/siblings/a.mjs', 'audit-cached.cjs'],
    ['import', './shared.mjs', 'lib/siblings/shared.mjs', 'lib/siblings/a.mjs'],
    ['dynamic-import', './lib/siblings/b.mjs', 'lib/siblings/b.mjs', 'audit-cached.cjs'],
    ['import', './shared.mjs', 'lib/siblings/shared.mjs', 'lib/siblings/b.mjs'],
    [
      'dynamic-import',
      './lib/siblings/reexports.cjs',
      'lib/siblings/reexports.cjs',
      'audit-cached.cjs',
    ],
    [...shared, 'lib/siblings/reexports.cjs'],
  ]);
});

test('a CommonJS entry point that Node imports, then requires, is reported once', () => {
  const { value, stderr } = runJson<string[][]>(
    ['--import', 'hookline/register', 'audit-entry.cjs'],
    {
      HOOKLINE_PRELOAD: './hooks/audit-entry.mjs',
    },
  );
  assert.equal(stderr, '');
  const entry = `file://${appDir}/audit-entry.cjs`.replace(/^.*\/app\//, '');
  assert.deepEqual(
    value.filter(([, specifier]) => specifier?.endsWith('audit-entry.cjs')),
    [['import', entry]],
  );
  assert.deepEqual(value.slice(0, 3), [
    ['import', entry],
    ['require', './lib/siblings/a.cjs'],
    ['require', './shared.cjs'],
  ]);
});

for (const preload of [[], ['--import', 'hookline/register']]) {
  test(`hookline's own loads are not the program's: not audited, mocked or handed to onImport handlers${preload.length > 0 ? ' (hookline/register preloaded)' : ''}`, () => {
    // With the cache off, so that hookline does load its parser in the run.
    const { value, stderr } = runJson<Record<string, unknown>>([...preload, 'audit-own.mjs'], {
      HOOKLINE_CACHE: '0',
    });
    assert.equal(stderr, '');
    assert.deepEqual(value, {
      events: [
        'dynamic-import esm-pkg',
        'dynamic-import ./lib/dynamic-importer.mjs',
        'dynamic-import node:os',
      ],
      handled: ['esm-pkg'],
      keys: ['count', 'default', 'greet', 'increment'],
    });
  });
}

test("auditImports tells each import's time on the clock of performance: never before a performance time the program took before the import, never after one it took after", () => {
  const { value, stderr } = runJson<{ events: number; outOfRound: unknown[] }>(['audit-clock.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value.outOfRound, []);
  // Each round: the import() and the module's two static imports.
  assert.equal(value.events, 300);
});

test("auditImports keeps to the real clock when a test's fake timers replace performance.now", () => {
  const { value, stderr } = runJson<{ events: number; near: boolean[] }>(['audit-clock-faked.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, { events: 3, near: [true, true, true] });
});

test("auditImports keeps to the real clock when a test's fake timers replace process.hrtime, in a program that has not loaded performance", () => {
  const { value, stderr } = runJson<{
    events: number;
    performanceLoaded: boolean;
    near: boolean[];
  }>(['audit-clock-faked-hrtime.cjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    events: 4,
    performanceLoaded: false,
    near: [true, true, true, true],
  });
});

test('what an auditImports listener loads while it handles an event is not reported (a listener that requires what it logs with ran without end)', () => {
  const { value, stderr } = runJson<string[]>(['audit-reentrant.cjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, [
    'require node:os',
    'require ./lib/siblings/shared.cjs',
    'dynamic-import esm-pkg',
  ]);
});

test('auditImports names modules by the file: URLs Node gives them, whatever characters their paths hold', () => {
  // Folders whose names need percent-encoding, a dot folder (as pnpm's), and a plain one. Two
  // siblings require one file, so the second require is answered from Node's per-folder cache.
  const root = mkdtempSync(join(tmpdir(), 'hookline-audit-'));
  try {
    const folders = ['sub dir #1 %é', '.hidden', 'plain', 'ünï [x]?'];
    for (const folder of folders) {
      mkdirSync(join(root, folder));
      writeFileSync(join(root, folder, 'shared.cjs'), 'module.exports = 1;\n');
      writeFileSync(join(root, folder, 'a.cjs'), "require('./shared.cjs');\n");
      writeFileSync(join(root, folder, 'b.cjs'), "require('./shared.cjs');\n");
    }
    const main = join(root, 'main.mjs');
    writeFileSync(
      main,
      [
        "import { createRequire } from 'node:module';",
        `import { auditImports } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'dist', 'modules', 'index.js')).href)};`,
        'const events = [];',
        "auditImports((e) => { if (e.kind === 'require') events.push([e.specifier, e.resolved, e.importer]); });",
        'const require = createRequire(import.meta.url);',
        ...folders.flatMap((folder) =>
          ['a', 'b'].map((file) => `require(${JSON.stringify(`./${folder}/${file}.cjs`)});`),
        ),
        'console.log(JSON.stringify(events));',
      ].join('\n'),
    );
    const result = runNode([main], { cwd: root });
    assert.equal(result.stderr, '');
    const url = (...path: string[]) => pathToFileURL(join(root, ...path)).href;
    const expected = folders.flatMap((folder) => [
      [`./${folder}/a.cjs`, url(folder, 'a.cjs'), url('main.mjs')],
      ['./shared.cjs', url(folder, 'shared.cjs'), url(folder, 'a.cjs')],
      [`./${folder}/b.cjs`, url(folder, 'b.cjs'), url('main.mjs')],
      ['./shared.cjs', url(folder, 'shared.cjs'), url(folder, 'b.cjs')],
    ]);
    assert.deepEqual(JSON.parse(result.stdout), expected);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a static import at the start of a file that begins with a byte-order mark is reported as an import, not an import()', () => {
  const { value, stderr } = runJson<string[]>(['audit-bom.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, ['dynamic-import ./files/bom-import.mjs', 'import node:os']);
});

test('a listener that throws on every event is reported once for each module and error, not at every request the require cache answers; the other listeners get every event', () => {
  const { value, stderr } = runJson<{ delivered: number; warnings: string[] }>([
    'audit-listener-throws-often.cjs',
  ]);
  assert.equal(value.delivered, 200);
  assert.deepEqual(value.warnings, [
    'an auditImports listener threw on "node:os"; the import goes on (another bug)',
    'an auditImports listener threw on "node:os"; the import goes on (no node:os)',
    'an auditImports listener threw on "node:path"; the import goes on (another bug)',
    'an auditImports listener threw on "node:path"; the import goes on (no node:path)',
  ]);
  assert.equal(stderr.match(/HooklineWarning/g)?.length, 4);
});

test('an async listener whose promise is rejected is reported as a listener that throws, and the program goes on', () => {
  const { value, stderr } = runJson<{ logged: string[]; warnings: string[] }>([
    'audit-async-listener.mjs',
  ]);
  assert.deepEqual(value.logged, ['node:os', 'node:zlib']);
  assert.deepEqual(value.warnings, [
    'an async auditImports listener threw on "node:os"; the import went on (no database for node:os)',
    'an async auditImports listener threw on "node:zlib"; the import went on (no database for node:zlib)',
  ]);
  assert.equal(stderr.match(/HooklineWarning/g)?.length, 2);
});

test("the preloads are reported as the entry point is, with no importer: not as import()s of hookline/register's file or of the working folder", () => {
  const { value, stderr } = runJson<(string | null)[][]>(
    [
      '--require',
      './audit-preloads/hook.cjs',
      '--require',
      './audit-preloads/required.cjs',
      '--import',
      'hookline/register',
      '--import',
      './audit-preloads/imported.mjs',
      'audit-preloads/main.mjs',
    ],
    { HOOKLINE_PRELOAD: './audit-preloads/configured.mjs' },
  );
  assert.equal(stderr, '');
  assert.deepEqual(value, [
    ['require', './audit-preloads/required.cjs', null],
    ['require', 'node:zlib', 'required.cjs'],
    // hookline/register imports what HOOKLINE_PRELOAD names by its URL, as Node does the entry.
    ['import', 'configured.mjs', null],
    ['import', 'node:dns', 'configured.mjs'],
    ['import', './audit-preloads/imported.mjs', null],
    ['import', 'node:os', 'imported.mjs'],
    ['import', 'main.mjs', null],
    ['import', 'node:url', 'main.mjs'],
  ]);
});

test("an import() in vm code of a CommonJS file, which Node then takes for process.mainModule, does not end the audit of vm code's later imports (Node 22.15+/24's hooks were taken out as if a CommonJS entry point had started)", () => {
  // vm's USE_MAIN_CONTEXT_DEFAULT_LOADER is experimental: its warning is not under test.
  const { value, stderr } = runJson<(string | null)[][]>([
    '--no-warnings',
    'audit-vm/after-cjs.mjs',
  ]);
  assert.equal(stderr, '');
  assert.deepEqual(value, [
    ['./audit-vm/imported.cjs', null],
    ['node:zlib', null],
  ]);
});

test('an import() in vm code compiled with no file name is reported as a dynamic-import with no importer, not as an entry point', () => {
  const { value, stderr } = runJson<(string | null)[][]>([
    '--no-warnings',
    '--import',
    './audit-vm/record.mjs',
    'audit-vm/kinds.mjs',
  ]);
  assert.equal(stderr, '');
  assert.deepEqual(value, [
    ['import', 'audit-vm/kinds.mjs', null],
    ['import', 'node:vm', 'audit-vm/kinds.mjs'],
    ['dynamic-import', 'node:zlib', null],
    ['dynamic-import', './audit-vm/imported.cjs', null],
    ['dynamic-import', 'node:dns', 'file:///vm/named.js'],
  ]);
});

test('a require through createRequire() of a folder is reported as a require, from the module Node makes for it (<folder>/noop.js), for a file and a builtin alike', () => {
  const { value, stderr } = runJson<(string | null)[][]>(['audit-create-require/main.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, [
    ['require', './dep.cjs', 'audit-create-require/noop.js'],
    ['require', 'node:os', 'audit-create-require/noop.js'],
  ]);
});

test("a WebAssembly module's import of an ES module is reported as an import: a WebAssembly module has no import() (Node 20 reported a dynamic-import)", () => {
  const { value, stderr } = runJson<{ answer: number; events: string[][] }>([
    '--experimental-wasm-modules',
    '--no-warnings=ExperimentalWarning',
    'audit-wasm/main.mjs',
  ]);
  assert.equal(stderr, '');
  assert.deepEqual(value, { answer: 42, events: [['import', './env.mjs', 'answer.wasm']] });
});

test('an import() in vm code compiled with no file name is reported in a CommonJS program too (on Node 22.15+/24 it went unseen once the entry point had started)', () => {
  const { value, stderr } = runJson<(string | null)[][]>([
    '--no-warnings',
    'audit-vm/cjs-entry.cjs',
  ]);
  assert.equal(stderr, '');
  assert.deepEqual(value, [
    ['dynamic-import', 'node:dns', null],
    ['dynamic-import', './audit-vm/imported.cjs', null],
    ['dynamic-import', 'node:zlib', null],
  ]);
});

test("code given with -e, -p or on stdin has its requests reported from the module Node names for it (file:///<folder>/[eval], [stdin], [eval1] as ES module code), builtins it names as globals as requires of its own, and nothing Node's eval machinery loads", () => {
  const record = ['--require', './audit-eval/record.cjs'];
  const events = (args: string[], input?: string) => {
    const result = runNode([...record, ...args], { cwd: appDir, input });
    assert.equal(result.stderr, '', args.join(' '));
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as unknown;
  };
  const cjsPkg = './node_modules/cjs-pkg/index.js';
  const esmPkg = './node_modules/esm-pkg/index.js';
  const code = "os.cpus(); require('cjs-pkg'); require('node:path'); import('esm-pkg');";
  const fromEval = [
    ['require', 'os', 'node:os', './[eval]'],
    ['require', 'cjs-pkg', cjsPkg, './[eval]'],
    ['require', 'node:path', 'node:path', './[eval]'],
    ['dynamic-import', 'esm-pkg', esmPkg, './[eval]'],
  ];
  assert.deepEqual(events(['-e', code]), fromEval);
  assert.deepEqual(events([`--eval=${code}`]), fromEval);
  assert.deepEqual(events(['-p', "require('cjs-pkg') && os.EOL"]), [
    ['require', 'cjs-pkg', cjsPkg, './[eval]'],
    ['require', 'os', 'node:os', './[eval]'],
  ]);
  assert.deepEqual(events([], "require('cjs-pkg'); import('esm-pkg');"), [
    ['require', 'cjs-pkg', cjsPkg, './[stdin]'],
    ['dynamic-import', 'esm-pkg', esmPkg, './[stdin]'],
  ]);
  const moduleCode =
    "import 'cjs-pkg'; import { createRequire } from 'node:module'; createRequire(import.meta.url)('node:fs'); os.EOL; await import('esm-pkg');";
  assert.deepEqual(events(['--input-type=module', '-e', moduleCode]), [
    ['import', 'cjs-pkg', cjsPkg, './[eval1]'],
    ['import', 'node:module', 'node:module', './[eval1]'],
    ['require', 'node:fs', 'node:fs', './[eval1]'],
    ['require', 'os', 'node:os', './[eval1]'],
    ['dynamic-import', 'esm-pkg', esmPkg, './[eval1]'],
  ]);
});

test('a listener added once the program has run a while (modules loaded, a turn of the event loop gone) sees what loads after it, with the right kinds, in an ES module and a CommonJS program, with and without hookline/register', () => {
  for (const entry of ['audit-late.mjs', 'audit-late.cjs']) {
    const late = [
      ['dynamic-import', './lib/static-importer.mjs', 'lib/static-importer.mjs', entry],
      ['dynamic-import', './lib/static-then-dynamic.mjs', 'lib/static-then-dynamic.mjs', entry],
      ['import', 'esm-pkg', 'node_modules/esm-pkg/index.js', 'lib/static-then-dynamic.mjs'],
      ['dynamic-import', 'esm-pkg', 'node_modules/esm-pkg/index.js', 'lib/static-then-dynamic.mjs'],
      ['require', 'cjs-pkg', 'node_modules/cjs-pkg/index.js', entry],
      ['require', './lib/requirer.cjs', 'lib/requirer.cjs', entry],
      ['require', '@scope/pkg', 'node_modules/@scope/pkg/main.js', 'lib/requirer.cjs'],
      ['require', 'fs', 'node:fs', 'lib/requirer.cjs'],
      ['get-builtin-module', 'node:os', 'node:os', entry],
    ];
    for (const flags of [[], ['--import', 'hookline/register']]) {
      const { value, stderr } = runJson<string[][]>([...flags, entry]);
      assert.equal(stderr, '', `${flags.join(' ')} ${entry}`);
      assert.deepEqual(value, late, `${flags.join(' ')} ${entry}`);
    }
  }
});

const metaResolveSkip =
  !nodeHasInThreadHooks() &&
  "Node 20's loader thread gets an import.meta.resolve() as it gets an import (docs/modules.md)";

test('import.meta.resolve() loads nothing and is not reported, whether what it names was imported before, is imported after, or never loads; the imports around it are', {
  skip: metaResolveSkip,
}, () => {
  const { value, stderr } = runJson(['audit-meta-resolve.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    first: 'first+second',
    names: ['first.mjs', 'never.mjs', 'index.js', 'second.mjs'],
    events: [
      ['dynamic-import', './lib/meta/first.mjs'],
      ['import', './second.mjs'],
      ['dynamic-import', './lib/meta/second.mjs'],
    ],
  });
});

test('import.meta.resolve() in an ES module that a CommonJS program requires, audited from the preload, is not reported; the require is', {
  skip: metaResolveSkip,
}, () => {
  const { value, stderr } = runJson(['--import', 'hookline/register', 'audit-meta-resolve.cjs'], {
    HOOKLINE_PRELOAD: './hooks/windows.mjs',
  });
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    names: ['never.mjs', 'first.mjs'],
    events: [['require', './lib/meta/resolver.mjs']],
  });
});
