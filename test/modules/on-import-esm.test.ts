import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeStripsTypes } from '../helpers/run-node.js';
import { assertSeenOrWarned, preloadedStaticImports, runJson } from './fixture.js';

test('onImport patches ES modules: named and default exports, live bindings, export *, re-exports, default-only, circular, exports-map subpaths', () => {
  const { value, stderr } = runJson(['esm-hooks.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    seen: [
      {
        name: 'esm-pkg',
        version: '2.0.0',
        format: 'module',
        keys: ['count', 'default', 'greet', 'increment'],
      },
    ],
    incremented: 100,
    liveBefore: 0,
    liveAfter: 1,
    defaultCall: 'default',
    defaultName: 'default',
    greet: 'hello x',
    star: ['A', 'B patched', 'C(1)', 'renamed', 'changed', 'changed'],
    klass: 'patched hello from default class',
    circular: '[A+B(a)]',
    sub: ['SUB', 1, 'main'],
    reexport: Array(3).fill('patched through a re-export from another package'),
  });
});

test('onImport replaces exports of every form: clause-named and destructured consts, anonymous async default, a default named by a clause, and leaves `const` in strings, comments, regular expressions and nested scopes alone', () => {
  const { value, stderr } = runJson(['shapes.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    strings: [
      'first patched',
      'second patched',
      'third patched',
      'original patched',
      'template patched',
    ],
    destructured: 'destructured patched',
    pattern: 'const notDeclared = 1',
    text: 'const notDeclaredEither patched',
    half: 10,
    inner: 'inner patched',
    anonymousDefault: 'anonymous async default patched',
    namedDefault: 'named default patched',
    counter: [0, 1],
  });
});

test('onImport changes exports whose locals are named like the code hookline generates (v, $hl$…, written with escapes) or hide globalThis, Symbol and undefined; what hookline adds is not audited', () => {
  const { value, stderr } = runJson(['names.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    names: [
      'v patched',
      'self patched',
      'ns0 patched',
      'hl v patched',
      'hl default patched',
      'more patched',
    ],
    anonymousDefault: ['anonymous default', 'default'],
    globals: ['object function not undefined patched', 'default'],
    ownImports: [],
  });
});

test('hooks preloaded with --import apply to static imports, and live bindings follow the original module', () => {
  const { value } = runJson(['--import', './hooks/esm-preload.mjs', 'esm-static.mjs']);
  assert.deepEqual(value, preloadedStaticImports);
});

test('onImport patches a TypeScript module of the program where Node strips types', {
  skip: !nodeStripsTypes() && 'this Node does not strip types',
}, () => {
  const { value, stderr } = runJson<string[]>(['typescript.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, ['patched x', 'patched shout', 'patched default']);
});

test('patch() of the exports an ES module handler gets is refused, pointing to assignment', () => {
  const { value, stderr } = runJson<{ refusal: { code: string; message: string }; greet: string }>([
    'patch-exports.mjs',
  ]);
  assert.equal(stderr, '');
  assert.equal(value.refusal.code, 'ERR_HOOKLINE_MODULE_NAMESPACE');
  assert.match(
    value.refusal.message,
    /^patch\(\[Module\], "greet"\): .* Assign the export instead/,
  );
  assert.equal(value.greet, 'hello x!');
});

test('the imports of an ES module loaded by require() are hooked where Node lets them be (22.15+/24), and named in one warning where not (Node 20)', () => {
  const { value } = runJson<{ greet: string; warnings: string[] }>(['required-esm-imports.cjs']);
  assertSeenOrWarned(
    value,
    { greet: 'patched hello x' },
    {
      value: { greet: 'hello x' },
      warning:
        /cannot see "star-pkg", "alias-pkg", "esm-pkg", imported by .*imports-esm-pkg\.mjs, which onImport\(\) selects: .* with import\(\) instead, or run Node 22\.15\+$/,
    },
  );
});

test('require() of ES modules that import() loaded before gets them, with what they import mocked or redirected, and no warning that those imports were missed', () => {
  const { value, stderr } = runJson(['required-after-import.mjs']);
  assert.equal(stderr, '');
  const copy = 'local copy (wrapping the original, whose increment is a function)';
  assert.deepEqual(value, {
    imported: ['mocked', copy],
    required: ['mocked', copy],
    warnings: [],
  });
});

test("replacing an export that is another module's whole namespace is refused with a warning that says why and names that module's file; hooking that file changes its members", () => {
  const { value } = runJson<{ tools: string; more: string; warnings: string[]; toolsUrl: string }>([
    'namespace-reexport.mjs',
  ]);
  assert.equal(value.tools, 'patched hammer');
  assert.equal(value.more, 'patched hammer');
  assert.deepEqual(value.warnings, [
    `ns-reexport-pkg: could not replace "tools"; it is another module's whole namespace, which the ES module re-exports (export * as tools, or import * as tools and export { tools }), and no assignment can replace a namespace. Its members can be changed: hook the module it comes from by its file (${value.toolsUrl})`,
  ]);
});

test('a handler that returns a copy of the exports with one changed changes it under every name its binding has (date-fns exports format as formatDate too)', () => {
  const { value, stderr } = runJson(['esm-return-alias.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    format: 'returned',
    formatDate: 'returned',
    shared: 'returned',
    alsoShared: 'returned',
  });
});

test("an ES module wrapper's exports that come from CommonJS modules (as ws's do) are named in one warning with the module they come from, its file and how to hook it; hooking that file before it loads changes them", () => {
  const { value } = runJson<{
    thing: string;
    default: string;
    helper: string;
    warnings: string[];
    folder: string;
  }>(['esm-wrapper-of-cjs.mjs']);
  assert.equal(value.thing, 'Patched');
  assert.equal(value.default, 'Patched');
  assert.equal(value.helper, 'helper');
  const thing = new URL('./lib/thing.js', value.folder).href;
  const unchangeable = 'a module hookline could not change: CommonJS, a builtin, or an ES module';
  assert.deepEqual(value.warnings, [
    `cjs-wrapper-pkg: could not replace "Thing"; ${value.folder}wrapper.mjs re-exports it from "./lib/thing.js" (${thing}), ${unchangeable} that loaded before hookline knew that a module a hook selects re-exports from it. Hook that module before it loads: onImport("${thing}", …)`,
    `cjs-wrapper-pkg: could not replace "Thing", "helper"; ${value.folder}both.mjs re-exports them from 2 modules hookline could not change (CommonJS, builtins, or ES modules that loaded before hookline knew that a module a hook selects re-exports from them), such as "./lib/thing.js" (${thing}). Hook those modules before they load, by their files: onImport("${thing}", …) for that one`,
  ]);
});

test('what an ES module loaded by require() re-exports is changed where the module hooks see its imports (22.15+/24); on Node 20 one warning says why not and what to do', () => {
  const { value } = runJson<{ fromA: string; warnings: string[] }>(['required-esm-reexports.cjs']);
  assertSeenOrWarned(
    value,
    { fromA: 'patched A' },
    {
      value: { fromA: 'A' },
      warning:
        /^star-pkg: could not replace "fromA"; .*star-pkg\/index\.js re-exports it from modules it imports, and on Node 20 the imports of an ES module loaded by require\(\) bypass module hooks\. Load star-pkg with import\(\) instead, or run Node 22\.15\+$/,
    },
  );
});

test("exports named like Object.prototype's methods (lodash-es's toString and valueOf) can be changed, and a returned plain object changes only what it has itself", () => {
  const { value } = runJson(['esm-proto-names.mjs']);
  assert.deepEqual(value, {
    toString: 'own toString (wrapped)',
    valueOf: 'own valueOf (wrapped)',
    other: 'other (returned)',
    warnings: [],
  });
});

test('an ES module whose file starts with a byte-order mark has its first export changed like the others, imported or required, .mjs or detected by its syntax', () => {
  const { value } = runJson(['bom.mjs']);
  assert.deepEqual(value, {
    exports: Array(4).fill(['first patched', 'second patched']),
    warnings: [],
  });
});

test('a re-exported ES module that the program imports before the module a hook selects is left as it was, with a warning that says so and how to get the change through; hooking it too by its file does', () => {
  type Result = { exports: string[]; warnings: string[]; implUrl: string };
  const { value } = runJson<Result>(['impl-first.mjs']);
  const index = value.implUrl.replace(/impl\.js$/, 'index.js');
  assert.deepEqual(value.exports, ['helper', 'other', 'helper', 'other']);
  assert.deepEqual(value.warnings, [
    `impl-first-pkg: could not replace "renamed", "other"; ${index} re-exports them from "./impl.js" (${value.implUrl}), an ES module that loaded before hookline knew that a module a hook selects re-exports from it (the program imported it first, or before this hook was added), so hookline left it as it was. Import impl-first-pkg before that module, or hook that module too, before it loads: onImport("${value.implUrl}", …)`,
  ]);
  const hooked = runJson<Result>(['impl-first.mjs', 'hook-impl']).value;
  assert.deepEqual(hooked.exports, ['patched', 'patched', 'patched', 'patched']);
  assert.deepEqual(hooked.warnings, []);
});

test('anonymous default exports a hook selects keep working and keep their positions: a class that extends another, an arrow function whose error keeps its column', () => {
  const { value, stderr } = runJson(['default-forms.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    seen: ['default-forms-pkg: function', 'default-forms-pkg: function'],
    hi: 'hi',
    className: 'default',
    arrowName: 'default',
    at: 'arrow.js:3:30)',
  });
});

test('a predicate that loads its matcher library on first use is not asked about that load: no endless recursion, one match', () => {
  const { value, stderr } = runJson(['predicate-loads.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, { handled: 1, warnings: [] });
});
