import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeStripsTypes } from '../helpers/run-node.js';
import { runJson } from './fixture.js';

test('redirect loads a local copy instead of the installed module, which the copy can still use', () => {
  const { value, stderr } = runJson(['redirects.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    require: 'local copy (wrapping the installed one)',
    import: 'local copy (wrapping the installed one)',
    missing: 'local copy (wrapping the installed one)',
    refused: 'ERR_HOOKLINE_INVALID_ARGUMENT',
  });
});

test("auditImports reports what a local copy outside the program imports with the local copy as importer, also a package resolved from the redirect's base", () => {
  const { value, stderr } = runJson<string[]>(['redirect-checkout-audit.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, [
    'dynamic-import real-pkg by redirect-checkout-audit.mjs',
    'import esm-pkg by checkout',
    'import real-pkg by checkout',
  ]);
});

test('redirect of a builtin applies to process.getBuiltinModule too, by either name, until undone; the local copy gets the real one', () => {
  const { value, stderr } = runJson(['redirected-builtin.mjs']);
  assert.equal(stderr, '');
  const copy = 'local copy (real os inside)';
  assert.deepEqual(value, {
    get: [copy, copy],
    require: copy,
    import: copy,
    afterUndo: true,
    events: [
      'node:os node:os', // the local copy's
      'os os-copy.cjs',
      'node:os os-copy.cjs',
      'os node:os',
    ],
  });
});

test('redirect to a dual package folder gives require its CommonJS build and import its ES module build', () => {
  const { value, stderr } = runJson(['redirect-dual.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, { require: 'local commonjs', import: 'local module' });
});

test('redirect to a package folder resolves its exports with the conditions the program was started with (--conditions, -C, NODE_OPTIONS)', () => {
  const development = { require: 'local development commonjs', import: 'local development module' };
  for (const [args, env] of [
    [['--conditions=development'], {}],
    [['-C', 'development'], {}],
    [[], { NODE_OPTIONS: '--conditions development' }],
  ] as const) {
    const { value, stderr } = runJson([...args, 'redirect-dual.mjs'], env);
    assert.equal(stderr, '');
    assert.deepEqual(value, development, `${args.join(' ')} ${JSON.stringify(env)}`);
  }
});

test('a local copy outside the program (a checkout without node_modules) finds the original and its packages as from the file that declared the redirect', () => {
  const { value, stderr } = runJson(['redirect-checkout.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    require: 'checkout (wrapping the installed one, with cjs)',
    import: 'checkout (wrapping the installed one, with hello esm)',
    // Found in neither place: Node's code, a message naming the package, the redirect and the
    // file it was looked for from.
    requireMissing: { code: 'MODULE_NOT_FOUND', names: true },
    importMissing: { code: 'ERR_MODULE_NOT_FOUND', names: true },
  });
});

test('redirect refuses a URL of another scheme than file: with its own error, naming it and the way out, and changes nothing', () => {
  const { value, stderr } = runJson(['redirect-bad-url.mjs']);
  assert.equal(stderr, '');
  const refused = { code: 'ERR_HOOKLINE_INVALID_ARGUMENT', namesIt: true, wayOut: true };
  assert.deepEqual(value, {
    'https://example.com/real-pkg.js': refused,
    'data:text/javascript,1': refused,
    after: 'installed',
  });
});

test('redirect to a package folder whose main names a file without its extension, or a folder, loads it for import as for require, as Node loads such a package', () => {
  const { value, stderr } = runJson(['redirect-legacy-main.mjs']);
  assert.equal(stderr, '');
  const both = (where: string) => ({ require: where, import: where });
  assert.deepEqual(value, {
    'main-no-ext': both('local main without extension'),
    'main-folder': both('local main folder'),
  });
});

test('redirect to a folder with nothing to load (no index.js, a main not built, exports that export nothing) is refused when called, naming the folder and the way out, and changes nothing', () => {
  const { value, stderr } = runJson(['redirect-no-entry.mjs']);
  assert.equal(stderr, '');
  const refused = { code: 'ERR_HOOKLINE_INVALID_ARGUMENT', namesFolder: true, wayOut: true };
  assert.deepEqual(value, {
    'no-entry': refused,
    'main-missing': refused,
    'exports-nothing': refused,
    require: 'installed',
    import: 'installed',
  });
});

test('a local fork of an installed package finds the dependencies installed only beside the original (its own node_modules), for require and import', () => {
  const { value, stderr } = runJson(['redirect-original-deps.mjs']);
  assert.equal(stderr, '');
  const dep = 'pinned-dep 2, installed only beside pinned-dep-pkg';
  assert.deepEqual(value, {
    require: { where: 'fork commonjs', dep },
    import: { where: 'fork module', dep },
  });
});

test("redirect of a package to a package folder covers its subpaths, as the folder's exports give them, until undone; a subpath's own redirect wins", () => {
  const { value, stderr } = runJson(['redirect-subpath.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    import: 'fork sub',
    require: 'fork sub (commonjs)',
    resolve: true,
    notExported: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    ownRedirect: 'local copy (wrapping the installed one)',
    afterUndo: 'sub',
  });
});

test('redirect of a package to a package folder whose exports leave "." out (only subpaths; import only) is taken for its subpaths, and the package itself fails as Node fails it, ERR_PACKAGE_PATH_NOT_EXPORTED naming the redirect, rather than load a main or index.js its exports hide or fail as not found', () => {
  const { value, stderr } = runJson(['redirect-rootless.mjs']);
  assert.equal(stderr, '');
  const notExported = {
    code: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    namesRedirect: true,
    namesManifest: true,
  };
  assert.deepEqual(value, {
    subpaths: {
      require: notExported,
      import: notExported,
      requireResolve: notExported,
      importResolve: notExported,
      requireSub: 'subpaths fork sub (commonjs)',
      importSub: 'subpaths fork sub',
    },
    importOnly: { require: notExported, import: 'import-only fork' },
    afterUndo: 'main',
  });
});

test('require.resolve and import.meta.resolve answer the local copy a redirect loads, inside the copy the original, after the undo the installed one', () => {
  const { value, stderr } = runJson(['redirect-resolve.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    require: 'local',
    import: 'local',
    insideCopy: 'installed',
    afterUndo: ['installed', 'installed'],
  });
});

test('redirect to a TypeScript local copy (.cts, .mts) loads it where Node strips types, by require and import', {
  skip: !nodeStripsTypes() && 'this Node does not strip types',
}, () => {
  const { value, stderr } = runJson(['redirect-typescript.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    require: 'TypeScript local copy (wrapping the installed one)',
    import: 'TypeScript local copy (wrapping the installed one)',
    esm: 'TypeScript local copy (wrapping main)',
  });
});
