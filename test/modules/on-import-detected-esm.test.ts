import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeStripsTypes } from '../helpers/run-node.js';
import { assertSeenOrWarned, runJson } from './fixture.js';

/**
 * ES modules that Node recognises by their syntax: `.js` files whose package.json has no "type"
 * (Node 20.19+, 22.7+). Node passes them to the loaders with no format, and decides inside
 * `Module.prototype._compile` (for require) or its default load (for import).
 */

/**
 * Node's own warning on importing such a file of the program is allowed; hookline's are not.
 * Node's names the file, whose path may contain any word: hookline's are told by their type.
 */
function assertNoHooklineWarning(stderr: string): void {
  assert.doesNotMatch(stderr, /HooklineWarning/, stderr);
}

for (const how of ['import', 'require'] as const) {
  test(`onImport replaces a named and the default export of an ES module package without "type", loaded by ${how}, keeping live bindings; a CommonJS package without "type" stays CommonJS`, () => {
    const { value, stderr } = runJson(['detected-esm.mjs', how, 'package']);
    assertNoHooklineWarning(stderr);
    assert.deepEqual(value, {
      formats: ['module', 'commonjs'],
      exports: ['patched hello x', 'patched default'],
      live: [0, 1],
      cjs: ['patched cjs', 'export const a = 1; import.meta.url'],
    });
  });

  test(`onImport by a RegExp changes an ES module package without "type", loaded by ${how}`, () => {
    const { value, stderr } = runJson(['detected-esm.mjs', how, 'pattern']);
    assertNoHooklineWarning(stderr);
    assert.deepEqual(value, { formats: ['module'], exports: ['matched x', 'default'] });
  });

  test(`onImport by path changes the exports of a program's ES module file without "type", loaded by ${how}, with what its handler returns`, () => {
    const { value, stderr } = runJson(['detected-esm.mjs', how, 'file']);
    assertNoHooklineWarning(stderr);
    assert.deepEqual(value, {
      formats: ['module'],
      exports: ['patched counter', 'hi x!'],
      live: [0, 1],
    });
  });
}

test('the imports of an ES module without "type" loaded by require() are hooked where Node lets them be (22.15+/24), and named in a warning where not (Node 20)', () => {
  const { value } = runJson<{ hello: string; warnings: string[] }>([
    'detected-required-imports.cjs',
  ]);
  assertSeenOrWarned(
    value,
    { hello: 'patched hello x' },
    {
      value: { hello: 'hello x' },
      warning:
        /cannot see "esm-pkg", imported by .*detected[/\\]imports-esm-pkg\.js, which onImport\(\) selects/,
    },
  );
});

test('a hook added after an ES module package without "type" was imported warns that it was loaded already; one on a CommonJS package without "type" gets its exports', () => {
  const { value } = runJson<{ formats: string[]; warnings: string[] }>(['detected-late.mjs']);
  assert.deepEqual(value.formats, ['commonjs']);
  assert.equal(value.warnings.length, 1);
  assert.match(
    value.warnings[0] ?? '',
    /onImport\("detected-esm-pkg"\): .*detected-esm-pkg\/index\.js was already loaded as an ES module/,
  );
});

test('a TypeScript file without "type" that require() loads as an ES module is handed over as one, with its live bindings', {
  skip: !nodeStripsTypes() && 'this Node does not strip types',
}, () => {
  const { value, stderr } = runJson(['detected-typescript.cjs']);
  assertNoHooklineWarning(stderr);
  assert.deepEqual(value, { formats: ['module'], first: 10, count: 1 });
});
