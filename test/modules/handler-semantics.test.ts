import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transformer } from '../../src/modules/index.js';
import { runJson } from './fixture.js';

const promised = (name: string) =>
  `the onImport handler for ${name} returned a promise; handlers run while the module loads and must return synchronously, so it loads unpatched`;

test('a handler may hand back exports that are thenable (a CommonJS promise, an ES module exporting then), or replace such a promise by another; a promise returned for other exports is refused', () => {
  const { value } = runJson(['handlers/thenable-exports.mjs']);
  assert.deepEqual(value, {
    resolved: { port: 80, patched: true },
    retries: 3,
    trail: 'loaded',
    warnings: [promised('trail-cjs')],
  });
});

test("Object.defineProperty with a value on an ES module's export changes its binding, as assigning it does (OpenTelemetry's _wrap); a getter, a configurable descriptor (shimmer's), an unknown name and delete are refused, saying why", () => {
  const { value } = runJson(['handlers/define-property.mjs']);
  const onlyAValue = `TypeError: db-client: export "close" can only be given a value; an ES module's export is a binding, not configurable, read-only or hidden, and with no getter or setter: assign it, or define it with { value } alone`;
  assert.deepEqual(value, {
    patched: ['traced rows of users', 'traced connected', 'closed', 1],
    undone: ['rows of users', 'connected', 2],
    refused: [
      onlyAValue,
      onlyAValue,
      `TypeError: db-client has no export "missing": an ES module's exports are fixed when it is parsed, so a handler can change them, not add one (its exports: calls, close, connect, query)`,
      `TypeError: db-client: export "close" cannot be deleted; an ES module's exports are fixed when it is parsed. Assign it the value it should have instead`,
    ],
    warnings: [],
  });
});

test('a returned copy with a wrapper that reads the original through exports ({ ...exports, greet: (n) => exports.greet(n) }) calls the original, for an ES module as for CommonJS, not itself until the stack overflows; two such hooks stack', () => {
  const { value } = runJson(['handlers/returned-wrappers.mjs']);
  assert.deepEqual(value, {
    cjs: '<hello cjs!>',
    esm: '<hello esm!>',
    // Assigned through the view after the handler returned: read back, and the module's.
    late: ['late x', 'late esm'],
  });
});

test('a transform may return the source, nothing (undefined, null: left as it is) or { code } without a map; stacked ones run in the order added, each on what the one before returned; a number or a promise is skipped with a warning naming the transform and what to return', () => {
  const { value } = runJson(['handlers/transform-results.mjs']);
  assert.deepEqual(value, {
    values: {
      same: 'same',
      nothing: 'nothing',
      empty: 'empty',
      number: 'number',
      promise: 'promise',
      code: 'code changed',
      stacked: 'third',
      esm: 'esm',
    },
    warnings: [
      'the transform (filter /number\\.cjs$/) on …/transformed/number.cjs returned a number; a transform returns the code as a string, { code, map }, or nothing to leave the source as it is; it is skipped',
      'the transform compileAsync (filter /promise\\.cjs$/) on …/transformed/promise.cjs returned a promise; transforms run while the module loads (require() is synchronous), so they must return the code itself: use the synchronous form of the compiler; it is skipped',
    ],
  });
});

test("several handlers on a module run in the order added, each on what the one before left or returned; hooks naming a package's own file by its place, a pattern and its path run in the order added too; one added twice runs twice; one added inside a handler runs too; a handler may require its module; a function returned for a function export is what require and import get", () => {
  const { value } = runJson(['handlers/stacked-handlers.mjs']);
  assert.deepEqual(value, {
    trails: {
      reentrant: true,
      cjs: 'loaded first replaced twice twice outer added-inside',
      esm: 'loaded first second twice twice outer added-inside',
      parts: Array(2).fill('loaded by-name by-pattern by-file by-bare-name'),
    },
    factory: {
      required: ['traced app', 'router', 'json'],
      imported: ['traced app', 'router', 'json'],
    },
    warnings: [],
  });
});

test("info gives a package's name and version, the file and its format, for CommonJS, an ES module, a scoped package's deep path and a JSON file; a builtin's and a scheme module's name and path are their URL", () => {
  const { value } = runJson(['handlers/info.mjs']);
  assert.deepEqual(value, [
    { name: 'node:zlib', path: 'node:zlib', format: 'builtin' },
    {
      name: 'trail-cjs',
      version: '1.0.0',
      path: './node_modules/trail-cjs/index.js',
      format: 'commonjs',
    },
    {
      name: 'trail-esm',
      version: '1.0.0',
      path: './node_modules/trail-esm/index.js',
      format: 'module',
    },
    {
      name: '@acme/tools',
      version: '0.3.0',
      path: './node_modules/@acme/tools/lib/deep.js',
      format: 'commonjs',
    },
    {
      name: 'trail-cjs',
      version: '1.0.0',
      path: './node_modules/trail-cjs/settings.json',
      format: 'json',
    },
    { name: 'mem:util', path: 'mem:util', format: 'module' },
  ]);
});

test('an async handler is refused at the call, before it could change the module after it loaded', () => {
  const { value } = runJson(['handlers/async-handler.mjs']);
  assert.deepEqual(value, {
    refused:
      'TypeError ERR_HOOKLINE_INVALID_ARGUMENT: onImport("trail-cjs", handler): Expected a handler that returns synchronously (modules load synchronously) but got the async function instrumentTrail. Drop `async`: change or replace the exports before the handler returns. What an async handler changed after an await would land after the module loaded, and no undo would restore it.',
    trail: 'loaded',
  });
});

test("a builtin's handler that returns a function (a subclass of EventEmitter), a property the builtin cannot take, or a value that is no object, is reported and leaves it unpatched (what the handler changed in place included) without throwing into the program; a read-only property it can redefine (zlib's createGzip) takes the returned value, and the undo puts it back", () => {
  const { value } = runJson(['handlers/builtin-returns.mjs']);
  assert.deepEqual(value, {
    threw: [],
    patched: {
      events: true,
      crypto: true,
      zlibRequired: 'traced',
      zlibImported: 'traced',
      util: true,
    },
    undone: { zlib: true, writable: false },
    warnings: [
      'the onImport handler for node:events returned a function; a builtin cannot be replaced, as the whole process shares it, so it stays unpatched. Change its properties in place (for a class such as EventEmitter, the methods of its prototype), or return an object with the properties to change',
      'the onImport handler for node:crypto returned a property that node:crypto holds read-only and not configurable, "webcrypto"; it stays unpatched. Change what is inside that property in place instead',
      "the onImport handler for node:util returned a number; a builtin's exports can only take the properties of an object, so it stays unpatched",
    ],
  });
});

test("a returned object whose getter throws as hookline reads it is reported as the handler's error, and the module (builtin or ES module) loads unpatched, nothing thrown into the program", () => {
  const { value } = runJson(['handlers/returned-getters.mjs']);
  const threw = (name: string, cause: string) =>
    `the onImport handler for ${name} returned an object whose properties threw as they were read; the module loads unpatched (${cause})`;
  assert.deepEqual(value, {
    threw: false,
    os: true,
    db: ['connected', 'rows of x'],
    warnings: [threw('node:os', 'os getter bug'), threw('db-client', 'query getter bug')],
  });
});

test('a hook undone by an earlier handler on the same module does not run; one undone from inside its own handler takes what that handler changed with it, and says so (CommonJS, ES module, builtin)', () => {
  const { value } = runJson(['handlers/undo-inside.mjs']);
  assert.deepEqual(value, {
    trails: { cjs: 'loaded first last', esm: 'loaded first last', dgram: 'createSocket' },
    ran: [],
    warnings: ['once-cjs', 'once-esm', '/^(node:)?dgram$/ ("node:dgram")'].map(
      (hook) =>
        `the onImport handler for ${hook} undid its own hook, so what it changed there is undone with it. To change only the first module a hook selects, keep the hook and have its handler return early on later calls`,
    ),
  });
});

test("a transform's map given as JSON text (esbuild's and SWC's transformSync) is composed as an object map is, and typed as accepted", () => {
  // Compiles only where TransformResult takes a map as text.
  const fromEsbuild: Transformer = (code) => ({ code, map: '{"version":3}' });
  assert.equal(typeof fromEsbuild, 'function');
  const { value } = runJson(['--enable-source-maps', 'handlers/string-map.mjs']);
  assert.deepEqual(value, { at: 'transformed/throws.cjs:2:1', warnings: [] });
});

test('a CommonJS handler that returns null keeps the module as it was, with a warning, as for an ES module or a builtin', () => {
  const { value } = runJson(['handlers/null-return.mjs']);
  assert.deepEqual(value, {
    trail: 'loaded',
    warnings: [
      'the onImport handler for trail-cjs returned null; a CommonJS module keeps its exports: return the new exports, or nothing to keep them',
    ],
  });
});
