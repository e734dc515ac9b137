import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { nodeHasInThreadHooks } from '../helpers/run-node.js';
import { appDir, runJson } from './fixture.js';

test('onImport replaces CommonJS exports for import, require and createRequire; scoped, deep, circular and dual packages; ES modules loaded by require', () => {
  const { value, stderr } = runJson(['cjs-hooks.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    infos: [{ name: 'cjs-pkg', version: '1.2.3', format: 'commonjs', path: true }],
    importGreet: 'HOOKED hello a',
    importDefault: 'HOOKED hello b',
    requireGreet: 'HOOKED hello c',
    same: true,
    deep: true,
    scoped: 'wrapped scoped',
    circular: '[A+B(a-early)]',
    dual: ['esm hooked as module', 'cjs hooked as commonjs'],
    requiredEsm: 'hooked through require(esm)',
  });
});

test('a hook added after its target loaded: CommonJS is handed over at once, an evaluated ES module is named in a warning', () => {
  const { value } = runJson<{ calls: string[]; cjs: string; requireAgain: string; esm: number }>([
    'after-load.mjs',
  ]);
  assert.equal(value.cjs, 'patched later');
  assert.equal(value.requireAgain, 'patched later');
  assert.equal(value.esm, 1, 'the ES module is not changed');
  assert.equal(value.calls[0], 'cjs handler ran at once');
  assert.ok(!value.calls.includes('esm handler ran'));
  assert.match(
    value.calls[1] ?? '',
    /^warning: HooklineWarning: onImport\("esm-pkg"\): file:\S+\/esm-pkg\/index\.js was already loaded as an ES module/,
  );
});

test('a hook added while the CommonJS module it selects is linked by an import but not yet run hands it over once its body has run', () => {
  const { value, stderr } = runJson(['unfinished-linked.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    seen: ['greet,increment,kind'],
    named: 'instrumented hello a',
    default: 'instrumented hello b',
    required: 'instrumented hello c',
  });
});

test('a hook a CommonJS module adds on itself while its body runs gets the exports once the body is done, with or without hookline/register', () => {
  const expected = { seen: 'first,second', exports: { first: 1, second: 2, third: 3 } };
  assert.deepEqual(runJson(['unfinished-running.cjs']).value, expected);
  assert.deepEqual(
    runJson(['--import', 'hookline/register', 'unfinished-running.cjs']).value,
    expected,
  );
});

test('a hook added after require() loaded an ES module names it in one warning, and its handler is not handed the namespace', () => {
  const { value } = runJson<{ calls: string[]; esm: number }>(['after-require-esm.cjs']);
  assert.equal(value.esm, 1, 'the ES module is not changed');
  assert.equal(value.calls.length, 1, value.calls.join('\n'));
  assert.match(
    value.calls[0] ?? '',
    /^warning: HooklineWarning: onImport\("esm-pkg"\): file:\S+\/esm-pkg\/index\.js was already loaded as an ES module/,
  );
});

test('a hook added late, while the loaders already watch ES modules for an earlier hook, names the evaluated ES module it selects by name or by pattern', () => {
  const { value } = runJson<{ calls: string[]; kind: string }>([
    '--import',
    './hooks/esm-preload.mjs',
    'after-load-watched.mjs',
  ]);
  assert.equal(value.kind, 'esm');
  assert.ok(!value.calls.some((call) => call.endsWith('handler ran')), String(value.calls));
  assert.equal(value.calls.length, 2, String(value.calls));
  for (const call of value.calls) {
    assert.match(
      call,
      /^warning: onImport\("dual-pkg"\): file:\S+\/dual-pkg\/lib\/index\.mjs was already loaded as an ES module/,
    );
  }
});

interface PackageNames {
  loaded: Record<string, boolean | string>;
  seen: { name: string; version?: string; format: string; file: string }[];
}

/** What cjs-package-names.mjs reports for the CommonJS packages, however they were loaded. */
const commonJsSeen = [
  {
    name: 'cjs-exports-pkg',
    version: '1.4.0',
    format: 'commonjs',
    file: 'node_modules/cjs-exports-pkg/lib/feature.js',
  },
  {
    name: 'nested-cjs-pkg',
    version: '2.2.0',
    format: 'commonjs',
    file: 'node_modules/nested-cjs-pkg/dist/cjs/index.js',
  },
  {
    name: 'linked-cjs',
    version: '3.0.0',
    format: 'commonjs',
    file: 'packages/linked-cjs/index.js',
  },
  {
    name: 'linked-cjs',
    version: '3.0.0',
    format: 'commonjs',
    file: 'packages/linked-cjs/lib/internal.js',
  },
];
const commonJsLoaded = {
  'cjs-exports-pkg/feature': true,
  'nested-cjs-pkg': true,
  'linked-cjs': true,
};

for (const how of ['import', 'require'] as const) {
  test(`onImport selects CommonJS packages by an exports subpath, under a nested package.json with a type, and linked from a workspace, with their version, loaded by ${how}`, () => {
    const { value, stderr } = runJson<PackageNames>(['cjs-package-names.mjs', how]);
    assert.equal(stderr, '');
    assert.deepEqual(value, { loaded: commonJsLoaded, seen: commonJsSeen });
  });

  test(`the same with the ES module hooks installed for a dual package (tshy layout), loaded by ${how}`, () => {
    const { value, stderr } = runJson<PackageNames>(['cjs-package-names.mjs', how, '--esm']);
    assert.equal(stderr, '');
    const tshy = (format: string, side: string) => ({
      name: 'tshy-pkg',
      version: '5.1.0',
      format,
      file: `node_modules/tshy-pkg/dist/${side}/index.js`,
    });
    const seen = [
      ...commonJsSeen.slice(0, 2),
      ...(how === 'require' ? [tshy('commonjs', 'commonjs')] : []),
      tshy('module', 'esm'),
      ...commonJsSeen.slice(2),
    ];
    assert.deepEqual(value, {
      loaded: { ...commonJsLoaded, 'tshy-pkg': how === 'require', tshyKind: 'esm' },
      seen,
    });
  });
}

for (const how of ['import', 'require'] as const) {
  test(`onImport selects a linked CommonJS package that only another linked package reaches, and a file inside it, loaded by ${how}`, () => {
    const { value, stderr } = runJson(['linked-deep.mjs', how]);
    assert.equal(stderr, '');
    const deep = (file: string) => ({ name: 'linked-deep', version: '6.0.0', file });
    assert.deepEqual(value, {
      hooked: true,
      seen: [deep('packages/linked-deep/index.js'), deep('packages/linked-deep/lib/part.js')],
    });
  });
}

// linked-as links to linked-deep, whose package.json names it otherwise: known by that name only
// once it resolves by it, which a hook on the package's name (not only on its file) lets hookline
// see, as the docs advise.
for (const how of ['import', 'require'] as const) {
  test(`onImport selects a linked CommonJS package by a name its package.json does not give, which only another linked package reaches, and a file inside it, when the hook names the package too, loaded by ${how}`, () => {
    const { value, stderr } = runJson(['linked-alias.mjs', how]);
    assert.equal(stderr, '');
    const deep = (file: string) => ({ name: 'linked-deep', file });
    assert.deepEqual(value, {
      hooked: true,
      seen: [deep('packages/linked-deep/index.js'), deep('packages/linked-deep/lib/part.js')],
    });
  });
}

// The package is learnt as the file loads, after hookline was asked about that file: the answer
// it kept then must not stand (on Node 20 the same happens when the loader thread's report that
// linked-deep resolved is taken as its files run, which the case above meets only at times). A
// file under node_modules/pkg/ is pkg's by its path however it is loaded; so is a linked
// package's file, by the nearest package.json with a name.
for (const how of ['import', 'require'] as const) {
  test(`onImport selects the file of a linked CommonJS package that no node_modules above the program links, the first of it the program loads, by its path, by ${how}`, () => {
    const { value, stderr } = runJson(['linked-by-path.mjs', how]);
    assert.equal(stderr, '');
    assert.deepEqual(value, {
      hooked: true,
      seen: [{ name: 'linked-deep', file: 'packages/linked-deep/lib/part.js' }],
    });
  });
}

for (const how of ['import', 'require'] as const) {
  test(`onImport added after a file of a linked CommonJS package that no node_modules above the program links was loaded by its path, by ${how}, runs on it at once`, () => {
    const { value, stderr } = runJson(['linked-by-path.mjs', how, 'late']);
    assert.equal(stderr, '');
    assert.deepEqual(value, {
      hooked: true,
      seen: [{ name: 'linked-deep', file: 'packages/linked-deep/lib/part.js' }],
    });
  });
}

test("onImport assigns to a compiled ES module's CommonJS exports (getters without setters, configurable or not), for require and import, also later through the exports it kept; the undo gives later requires the original", () => {
  const { value, stderr } = runJson(['getter-exports.mjs']);
  assert.equal(stderr, '');
  const patched = ['patched format', 'patched parse', 'patched plain'];
  assert.deepEqual(value, {
    required: patched,
    esModule: true,
    keys: ['format', 'parse', 'plain'],
    imported: patched,
    later: 'later plain',
    afterUndo: ['real format', 'real parse', 'real plain'],
  });
});

test('hooks added one after another once their ES modules loaded, with nothing watching before, each name their module in a warning', () => {
  const { value } = runJson<string[]>(['after-load-two.mjs']);
  assert.equal(value.length, 2, value.join('\n'));
  assert.match(
    value[0] ?? '',
    /^onImport\("esm-pkg"\): file:\S+\/esm-pkg\/index\.js was already loaded as an ES module/,
  );
  assert.match(
    value[1] ?? '',
    /^onImport\("default-only"\): file:\S+\/default-only\/index\.js was already loaded as an ES module/,
  );
});

test('hooks added late in one synchronous run share one list of the scripts V8 compiled (on Node 20, where nothing else tells what loaded); a require of an ES module in that run, or an await, has it asked again, and each hook names its loaded ES module', () => {
  const { value, stderr } = runJson<string[]>(['late-hooks-burst.mjs'], { NODE_DEBUG: 'hookline' });
  assert.deepEqual(value, [
    'onImport("esm-pkg"): <app>/node_modules/esm-pkg/index.js',
    'onImport("default-only"): <app>/node_modules/default-only/index.js',
    'onImport("./reload/late.mjs"): <app>/reload/late.mjs',
    'onImport("./reload/plain.mjs"): <app>/reload/plain.mjs',
  ]);
  const asked = stderr.split('\n').filter((line) => line.includes('asked V8 for the scripts'));
  // Where the in-thread hooks watch (Node 22.15+, 24), V8 is asked once, by the first late hook.
  assert.equal(asked.length, nodeHasInThreadHooks() ? 1 : 3, asked.join('\n'));
});

for (const preload of [[], ['--import', 'hookline/register']]) {
  test(`a hook added late on a package's subpath names the subpath's file, and a list of the entry and the subpath names both in one warning${preload.length > 0 ? ' (hookline/register preloaded)' : ''}`, () => {
    const { value } = runJson<string[]>([...preload, 'after-load-subpath.mjs']);
    assert.equal(value.length, 2, value.join('\n'));
    assert.match(
      value[0] ?? '',
      /^onImport\("exports-pkg\/sub"\): file:\S+\/exports-pkg\/lib\/sub\.js was already loaded as an ES module/,
    );
    assert.match(
      value[1] ?? '',
      /^onImport\("exports-pkg, exports-pkg\/sub"\): "exports-pkg" \(file:\S+\/exports-pkg\/lib\/main\.js\), "exports-pkg\/sub" \(file:\S+\/exports-pkg\/lib\/sub\.js\) were already loaded as ES modules/,
    );
  });
}

for (const preload of [[], ['--import', 'hookline/register']]) {
  test(`a hook added by a module imported before the ES module it selects comes after that module loaded, not ran: the warning says loaded, and why${preload.length > 0 ? ' (hookline/register preloaded)' : ''}`, () => {
    const { value } = runJson<{ greet: string; warnings: string[] }>([
      ...preload,
      'late-sibling.mjs',
    ]);
    assert.equal(value.greet, 'hello x');
    assert.equal(value.warnings.length, 1, value.warnings.join('\n'));
    assert.match(
      value.warnings[0] ?? '',
      /^onImport\("esm-pkg"\): file:\S+\/esm-pkg\/index\.js was already loaded as an ES module, and an ES module's exports cannot change once it has loaded, even before it runs \(the static imports of a module all load before any of them runs\)\. Add the hook before it loads: in a preload \(node --import \.\/hooks\.js app\.js, or HOOKLINE_PRELOAD=\.\/hooks\.js with --import hookline\/register\), or load the module with import\(\) after adding the hook$/,
    );
    // Not "before the import that loads it": this hook was, in the order the imports are written.
    assert.doesNotMatch(value.warnings[0] ?? '', /before the import/);
  });
}

test('a hook added late that selects several ES modules already loaded (a list, a pattern) names them all in one warning', () => {
  const { value } = runJson<string[]>(['after-load-many.mjs']);
  assert.equal(value.length, 2, value.join('\n'));
  const listedModules = (names: string[]) =>
    names.map((n) => `"${n}" \\(file:\\S+/${n}/index\\.js\\)`).join(', ');
  assert.match(
    value[0] ?? '',
    new RegExp(
      `^onImport\\("esm-pkg, default-only, alias-pkg"\\): ${listedModules(['esm-pkg', 'default-only', 'alias-pkg'])} were already loaded as ES modules`,
    ),
  );
  assert.match(
    value[1] ?? '',
    new RegExp(
      `^onImport\\("/\\^\\(esm-pkg\\|default-only\\)\\$/"\\): ${listedModules(['esm-pkg', 'default-only'])} were already loaded as ES modules`,
    ),
  );
});

test('onImport hooks JSON files, loaded by require and by an import with type json in either order: once per file, both get the very value the handler left, not JSON too, and an undo restores it; imported with a query, what is not JSON leaves the file as it was, with a warning', () => {
  const { value } = runJson(['json-hooks.mjs']);
  const hooked = (name: string) => ({ name, level: 'debug', hooked: true });
  assert.deepEqual(value, {
    calls: ['json imported-first.json', 'json required-first.json'],
    imported: hooked('imported first'),
    importedThenRequired: hooked('imported first'),
    required: hooked('required first'),
    requiredThenImported: hooked('required first'),
    notJson: 'function',
    notJsonWithQuery: { name: 'queried' },
    undone: ['changed', 'undone', 'undone'],
    warnings: [
      `onImport handlers for ${pathToFileURL(join(appDir, 'lib/json/queried.json')).href}?v=2 left a value that is not JSON, which an import of a JSON module can only give; it loads as it was (the handlers left function)`,
    ],
  });
});

test('patterns are tested on specifiers as written: an imported CommonJS package is not tested again by the path of the file Node runs for it', () => {
  const { value, stderr } = runJson(['pattern-as-written.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, { asked: ['cjs-pkg'], byPath: 0 });
});
