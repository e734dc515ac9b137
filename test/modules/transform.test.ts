import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeHasInThreadHooks, nodeStripsTypes } from '../helpers/run-node.js';
import { runJson } from './fixture.js';

test('transform rewrites CommonJS and ES module sources at load, and composes source maps so stack traces point at the original lines', () => {
  const { value, stderr } = runJson(['--enable-source-maps', 'transforms.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    builds: ['42', '42'],
    seen: [
      ['src/build-info.mjs', 'module'],
      ['src/build-info.cjs', 'commonjs'],
      ['src/compiled.mjs', 'module'],
    ],
    esmLine: 'build-info.mjs:3:1',
    cjsLine: 'build-info.cjs:3:1',
    // compiled.mjs line 2 came from original.ts line 12, through its own inline map.
    composedLine: 'original.ts:12:1',
    refused: 'ERR_HOOKLINE_INVALID_ARGUMENT',
  });
});

test('a transform whose source map cannot be read is reported with the module and what is wrong with the map, and skipped, for require and import; a module whose own map cannot be read keeps the transform', () => {
  const { value, stderr } = runJson(['bad-maps.mjs']);
  assert.deepEqual(value, {
    require: 'x, then the next',
    import: 'x, then the next',
    unmapped: 'x, then the next',
    ownMapBroken: 'own map broken, then the next',
  });
  for (const file of ['mapped.cjs', 'mapped.mjs', 'unmapped.mjs']) {
    assert.match(
      stderr,
      new RegExp(
        `HooklineWarning: a transform on file:///\\S+/src/bad-maps/${file.replace('.', '\\.')} returned a source map that cannot be read; that transform is skipped \\(it has no sources array \\(the files its mappings point into\\)\\)`,
      ),
    );
  }
  assert.match(
    stderr,
    /HooklineWarning: the source map of file:\/\/\/\S+\/src\/bad-maps\/own-map-broken\.mjs could not be read; the transform's map is used alone/,
  );
  assert.equal(stderr.match(/HooklineWarning/g)?.length, 4);
});

test('each source passes through a transform once, with the format it loads as, also an ES module (and TypeScript, where Node strips it) loaded by require', () => {
  const { value, stderr } = runJson<{
    loaded: Record<string, string>;
    calls: Record<string, string[]>;
  }>(['transform-once.cjs']);
  assert.equal(stderr, '');
  const expected: Record<string, string> = {
    'required.mjs': 'module',
    'required.cjs': 'commonjs',
    'imported.mjs': 'module',
  };
  // The fixture requires the .mts only where Node strips TypeScript (24, not 20).
  if (nodeStripsTypes()) expected['required.mts'] = 'module';
  assert.deepEqual(value.loaded, expected);
  assert.deepEqual(value.calls, {
    ...Object.fromEntries(Object.entries(expected).map(([file, format]) => [file, [format]])),
    'detected-esm-pkg/index.js': ['module'],
  });
});

test('what a transform loads while it runs (a compiler it requires on first use) is not transformed', () => {
  const { value, stderr } = runJson(['transform-own-loads.cjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    transformed: ['target.cjs'],
    target: true,
    compiler: false,
    warnings: [],
  });
});

test("a transform's composed map is what Node's source map support reads: with process.setSourceMapsEnabled instead of the flag, and through module.findSourceMap in a program's own Error.prepareStackTrace", () => {
  const lines = (args: string[]) => {
    const { value, stderr } = runJson(args);
    assert.equal(stderr, '');
    return value;
  };
  // Three lines put on top: the throw is on line 6 of what ran, line 3 of each file.
  assert.deepEqual(lines(['interop/transform-maps.mjs']), ['build-info.mjs:6', 'build-info.cjs:6']);
  const original = ['build-info.mjs:3', 'build-info.cjs:3'];
  assert.deepEqual(lines(['--enable-source-maps', 'interop/transform-maps.mjs']), original);
  assert.deepEqual(lines(['interop/transform-maps.mjs', 'runtime']), original);
  assert.deepEqual(
    lines(['--enable-source-maps', 'interop/transform-maps.mjs', 'prepare']),
    original,
  );
});

test("two transforms of one module that each give a map (an object, then JSON text; or an object, then one put in the code as esbuild's sourcemap: 'inline' does) have them composed in the order they ran: with --enable-source-maps a stack points at the original line, for require and import; without, at the line the last one returned", () => {
  const mapped = runJson(['--enable-source-maps', 'transform-maps/two-maps.mjs']);
  assert.equal(mapped.stderr, '');
  assert.deepEqual(mapped.value, {
    required: 'throws.cjs:2',
    imported: 'throws.mjs:2',
    inline: 'inline.cjs:2',
  });
  const plain = runJson(['transform-maps/two-maps.mjs']);
  assert.deepEqual(plain.value, {
    required: 'throws.cjs:5',
    imported: 'throws.mjs:5',
    inline: 'inline.cjs:5',
  });
});

test("a transform after one that returned its map reads, in the code it is given, the map composed so far — not the loader's that the first left in its code, which no longer fits it", () => {
  assert.deepEqual(runJson(['transform-maps/map-read-next.mjs']).value, {
    placed: 'compiled-from.ts:3',
  });
});

test('an ES module imported and then required (.mjs, a .js Node finds one by its syntax, .mts where Node strips types), or required and then imported, is transformed once and evaluated once: Node reads its source again for the require and uses the module the import made', () => {
  const { value, stderr } = runJson<{
    loads: Record<string, unknown>;
    calls: Record<string, number>;
  }>(['transform-twice/imported-then-required.mjs']);
  assert.equal(stderr, '');
  const once = { same: true, value: 'transformed 1', evaluations: 1 };
  const files = ['both.mjs', 'transform-twice-detected', 'second.mjs'];
  if (nodeStripsTypes()) files.push('typed.mts');
  assert.deepEqual(value.loads, Object.fromEntries(files.map((file) => [file, once])));
  // The transform counts its calls by file name: the package's file is index.js.
  const called = files.map((file) => (file === 'transform-twice-detected' ? 'index.js' : file));
  assert.deepEqual(value.calls, Object.fromEntries(called.map((file) => [file, 1])));
});

test('a transform whose code does not compile, on an imported ES module the program then requires, runs once: the require fails as the import did, told the same way; once undone, the require loads the file as it is (Node 22.15+, 24: on Node 20 Node fails such a require itself, with an internal assertion)', (t) => {
  if (!nodeHasInThreadHooks()) {
    t.skip('Node 20 made a module of the failed import, and fails a require of it itself');
    return;
  }
  const { value } = runJson<{ imported: string; required: string; calls: number; undone: string }>([
    'transform-twice/broken-then-required.mjs',
  ]);
  const told =
    /^Unexpected token ';' \(in the code the transform breakIt \(filter \/transform-twice\\\/broken\\\.mjs\$\/\) returned for file:\/\/\/\S+\/transform-twice\/broken\.mjs, at line 1, column 32; the transform gave no source map\)$/;
  assert.match(value.imported, told);
  assert.match(value.required, told);
  assert.equal(value.calls, 1);
  assert.equal(value.undone, 'original');
});

test('a transform that compiles TypeScript serves require() on Node 20, which loads a .ts file as JavaScript, but not an import, which Node refuses before transforms run; where Node strips types, both load', () => {
  const { value, stderr } = runJson(['transform-typescript/compile.mjs']);
  assert.equal(stderr, '');
  if (nodeStripsTypes()) {
    assert.deepEqual(value, {
      required: 'required',
      imported: 'imported',
      seen: [
        ['required.ts', 'commonjs'],
        ['imported.ts', 'commonjs'],
      ],
    });
    return;
  }
  assert.deepEqual(value, {
    required: 'required',
    imported: 'ERR_UNKNOWN_FILE_EXTENSION',
    seen: [['required.ts', 'commonjs']],
  });
});

test("hookline's instrumentation cache (HOOKLINE_CACHE) keeps what it made of a transform's output: a transform whose output changes between runs gets its own output instrumented in each, never an earlier run's", () => {
  const cache = mkdtempSync(join(tmpdir(), 'hookline-transform-cache-'));
  try {
    const run = (stamp: string) =>
      runJson(['transform-cache/stamp.mjs'], { HOOKLINE_CACHE: cache, STAMP: stamp }).value;
    for (const stamp of ['one', 'two', 'one']) {
      assert.deepEqual(run(stamp), { stamp, described: `patched, stamped ${stamp}` });
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('a transform that throws is skipped with a warning naming it (function name and filter), the module and the cause; the module loads with the other transforms, for require and import', () => {
  const { value, stderr } = runJson(['transform-throws/run.mjs']);
  assert.deepEqual(value, { required: 'next', imported: 'next' });
  for (const file of ['target.cjs', 'target.mjs']) {
    assert.match(
      stderr,
      new RegExp(
        `HooklineWarning: the transform explode \\(filter /transform-throws\\\\/target\\\\\\.\\[cm\\]js\\$/\\) threw on file:///\\S+/transform-throws/${file.replace('.', '\\.')}; it is skipped \\(boom\\)`,
      ),
    );
  }
  assert.equal(stderr.match(/HooklineWarning/g)?.length, 2);
});

test("a transform that adds an export to a CommonJS module: an import's named exports are read from the transformed source on Node 22.15+ and 24 (on Node 20, from the file: the export is on the default), and the module is transformed once, imported or required first", () => {
  const { value, stderr } = runJson(['transform-cjs-names/run.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    named: nodeHasInThreadHooks() ? 'added' : null,
    same: true,
    viaDefault: 'added',
    requiredFirst: 'added',
    calls: { 'imported.cjs': ['commonjs'], 'required-first.cjs': ['commonjs'] },
  });
});

test("a program's own '.js' compiler (pirates-style) on a CommonJS module an import loads, installed before or after the transform: the transform runs once, on what the compiler made", () => {
  for (const order of ['compiler-first', 'hookline-first']) {
    const { value, stderr } = runJson(['transform-cjs-names/with-compiler.mjs', order]);
    assert.equal(stderr, '');
    assert.deepEqual(value, { where: 'COMPILED', transformed: 1, calls: ['compiled'] });
  }
});
