import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Tree, writeTree } from '../helpers/file-tree.js';
import { type NodeResult, repoRoot, runNode } from '../helpers/run-node.js';

/**
 * Package layouts as package managers make them, built with real symbolic links: a pnpm store
 * (`node_modules/pkg` → `node_modules/.pnpm/pkg@1.0.0/node_modules/pkg`, a package's own
 * dependencies linked beside it in the store, an alias), workspace packages linked into
 * node_modules, a package `npm link`-ed from outside the project, one package reached through
 * two links, `NODE_PATH` and `~/.node_modules`, and package.json `imports`, `exports` patterns,
 * conditions and self-reference.
 */

let root = '';
let proj = '';

const write = writeTree;

function link(target: string, at: string): void {
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at, 'dir');
}

/**
 * A package in the pnpm store of `proj`, linked into its node_modules under `as` (not at all for
 * `null`: a dependency of other packages only). Returns the store folder its dependencies go in.
 */
function pnpmPackage(name: string, version: string, files: Tree, as: string | null = name): string {
  const store = join(proj, `node_modules/.pnpm/${name}@${version}/node_modules`);
  const { 'package.json': manifest, ...rest } = files;
  write(join(store, name), { ...rest, 'package.json': { name, version, ...(manifest as object) } });
  if (as !== null)
    link(`.pnpm/${name}@${version}/node_modules/${name}`, join(proj, 'node_modules', as));
  return store;
}

/** pnpm-dep, linked beside a package in the store that depends on it. */
function withPnpmDep(store: string): void {
  link('../../pnpm-dep@2.0.0/node_modules/pnpm-dep', join(store, 'pnpm-dep'));
}

/** Prints, at exit, what the hooks named in LAYOUT_HOOKS were handed and what the audit saw. */
const reporter = `
import { auditImports, onImport } from 'hookline/modules';
const root = process.env.LAYOUT_ROOT;
const rel = (text) => text && text.split(root).join('<root>').replace('file://<root>', '<root>');
const seen = [];
const audit = [];
for (const name of JSON.parse(process.env.LAYOUT_HOOKS ?? '[]')) {
  onImport(name, (exports, info) => {
    seen.push([name, info.name, info.version ?? null, rel(info.path), info.format]);
  });
}
// An audit watches every resolution, which hooks alone may not: LAYOUT_AUDIT=0 leaves it out.
if (process.env.LAYOUT_AUDIT !== '0') auditImports((event) => {
  if (!event.resolved.startsWith('file://' + root) || event.resolved.includes('/hookline/')) return;
  audit.push([rel(event.specifier), rel(event.resolved), rel(event.importer) ?? null, event.kind]);
});
process.on('exit', () => console.log(JSON.stringify({ seen, audit })));
`;

before(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'hookline-layouts-test-')));
  proj = join(root, 'proj');
  link(repoRoot, join(proj, 'node_modules', 'hookline'));
  write(proj, {
    'package.json': {
      name: 'proj',
      version: '3.0.0',
      exports: {
        '.': './src/index.js',
        './features/*.js': './src/features/*.js',
        './features/private/*': null,
      },
      imports: {
        '#internal/*': './src/internal/*.js',
        '#cond': { development: './src/dev.js', default: './src/prod.js' },
        '#esm/*': './src/esm/*.mjs',
      },
    },
    'report.mjs': reporter,
    'src/index.js': "module.exports = { self: 'proj' };\n",
    'src/features/f1.js': 'module.exports = { f: 1 };\n',
    'src/features/private/p.js': 'module.exports = { p: 1 };\n',
    'src/internal/x.js': "module.exports = { x: 'internal' };\n",
    'src/dev.js': "module.exports = { mode: 'dev' };\n",
    'src/prod.js': "module.exports = { mode: 'prod' };\n",
    'src/esm/e.mjs': "export const e = 'esm internal';\n",
    // Workspace packages, linked into node_modules by npm, yarn and pnpm alike.
    'packages/a/package.json': { name: 'ws-a', version: '0.1.0', main: 'index' },
    'packages/a/index.js': "module.exports = { ws: 'a', helper: require('./helper') };\n",
    'packages/a/helper.js': "module.exports = 'helper';\n",
    'packages/b/package.json': {
      name: '@ws/b',
      version: '0.2.0',
      type: 'module',
      exports: { '.': './index.js', './feat': './feat.js' },
    },
    'packages/b/index.js': "export const ws = 'b';\n",
    'packages/b/feat.js': "export const feat = 'b-feat';\n",
  });
  link('../packages/a', join(proj, 'node_modules', 'ws-a'));
  link('../../packages/b', join(proj, 'node_modules', '@ws', 'b'));
  // The pnpm store: each package sees only its own dependencies, linked beside it.
  // pnpm-dep is not in proj/node_modules: only the store's packages that depend on it find it.
  pnpmPackage('pnpm-dep', '2.0.0', { 'index.js': 'module.exports = { dep: 2 };\n' }, null);
  withPnpmDep(
    pnpmPackage('pnpm-a', '1.0.0', {
      'package.json': { main: 'lib/main' },
      'lib/main.js': "module.exports = { a: 'a', dep: require('pnpm-dep').dep };\n",
    }),
  );
  withPnpmDep(
    pnpmPackage('pnpm-esm', '1.0.0', {
      'package.json': {
        type: 'module',
        exports: {
          '.': './index.js',
          './sub': './sub.js',
          './features/*.js': './features/*.js',
          './features/private/*': null,
        },
      },
      'index.js':
        "import dep from 'pnpm-dep';\nimport './features/private/p.js';\nexport const e = 'esm';\nexport const d = dep.dep;\n",
      'sub.js': "export const sub = 'sub';\n",
      'features/f.js': "export const f = 'feature';\n",
      'features/private/p.js': "export const p = 'private';\n",
    }),
  );
  pnpmPackage('dual', '1.0.0', {
    'package.json': {
      exports: { '.': { import: './esm/index.mjs', require: './cjs/index.cjs' } },
    },
    'esm/index.mjs': "export const kind = 'esm';\n",
    'cjs/index.cjs': "exports.kind = 'cjs';\n",
  });
  // Aliases (`"aliased": "npm:realname@2.0.0"`): linked under a name that is not the package's.
  pnpmPackage(
    'realname',
    '2.0.0',
    {
      'package.json': { type: 'module', exports: './index.js' },
      'index.js': 'export const r = 1;\n',
    },
    'aliased',
  );
  pnpmPackage('realcjs', '2.1.0', { 'index.js': 'exports.r = 2;\n' }, 'aliascjs');
  // ES module packages without exports whose main Node completes (DEP0151).
  for (const [name, main, file] of [
    ['main-folder', 'lib', 'lib/index.js'],
    ['main-extensionless', './lib/entry', 'lib/entry.js'],
    ['main-missing', 'missing.js', 'index.js'],
  ] as const) {
    pnpmPackage(name, '1.0.0', {
      'package.json': { type: 'module', main },
      [file]: `export const name = '${name}';\n`,
    });
  }
  // A package linked from outside the project, as `npm link` does.
  write(root, {
    'outside/libx/package.json': {
      name: 'libx',
      version: '9.9.9',
      exports: { '.': { development: './dev.js', default: './index.js' } },
    },
    'outside/libx/index.js': "module.exports = { libx: 'default' };\n",
    'outside/libx/dev.js': "module.exports = { libx: 'development' };\n",
  });
  link(join(root, 'outside', 'libx'), join(proj, 'node_modules', 'libx'));
  // One package reached through two links: the project's, and a linked plugin's own.
  write(root, {
    'shared/lib/package.json': { name: 'lib', version: '1.2.3', exports: './index.cjs' },
    'shared/lib/index.cjs': 'module.exports = { file: __filename };\n',
    'shared/elib/package.json': {
      name: 'elib',
      version: '1.2.4',
      type: 'module',
      exports: './index.js',
    },
    'shared/elib/index.js': 'export const url = import.meta.url;\n',
    'plugin/package.json': {
      name: 'plugin',
      version: '0.0.1',
      exports: { '.': './index.js', './esm': './esm.mjs' },
    },
    'plugin/index.js': "module.exports = require('lib');\n",
    'plugin/esm.mjs': "export * from 'elib';\n",
  });
  for (const name of ['lib', 'elib']) {
    link(`../../shared/${name}`, join(proj, 'node_modules', name));
    link(`../../shared/${name}`, join(root, 'plugin', 'node_modules', name));
  }
  link('../../plugin', join(proj, 'node_modules', 'plugin'));
  // NODE_PATH, and the global folder in the home folder.
  write(root, {
    'global/gpkg/package.json': { name: 'gpkg', version: '5.0.0' },
    'global/gpkg/index.js': 'module.exports = { g: 1 };\n',
    'global/loose.js': 'module.exports = { loose: 1 };\n',
    'home/.node_modules/hpkg/package.json': { name: 'hpkg', version: '6.0.0' },
    'home/.node_modules/hpkg/index.js': 'module.exports = { h: 1 };\n',
  });
});

after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Runs `args` in the project with the reporter preloaded and `hooks` hooked. */
function runReported(
  args: readonly string[],
  hooks: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { seen: unknown[][]; audit: unknown[][]; printed: unknown[]; result: NodeResult } {
  const result = runNode(['--import', 'hookline/register', ...args], {
    cwd: proj,
    env: {
      HOOKLINE_PRELOAD: './report.mjs',
      LAYOUT_ROOT: root,
      LAYOUT_HOOKS: JSON.stringify(hooks),
      ...env,
    },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  const lines = result.stdout.trim().split('\n');
  const last = JSON.parse(lines.pop() ?? '') as { seen: unknown[][]; audit: unknown[][] };
  return { ...last, printed: lines.map((line) => JSON.parse(line) as unknown), result };
}

/** A program's file in the project, written for one test. */
function program(name: string, source: string): string {
  write(proj, { [name]: source });
  return name;
}

/** Two lists hold the same entries, in whatever order (hooks on one module run in the order registered). */
function assertSameEntries(actual: unknown[], expected: unknown[], message?: string): void {
  const sorted = (list: unknown[]) => list.map((entry) => JSON.stringify(entry)).sort();
  assert.deepEqual(sorted(actual), sorted(expected), message);
}

const store = (pkg: string) => `<root>/proj/node_modules/.pnpm/${pkg}/node_modules`;

test('a pnpm layout: onImport by name selects packages whose node_modules entry is a link into the store, and their dependencies found beside them there, with the name, version and real path, for require and import; the audit reports the real paths Node loads', () => {
  const hooks = ['pnpm-a', 'pnpm-dep', 'pnpm-esm', 'pnpm-esm/sub', 'pnpm-esm/features/f.js'];
  const expected = [
    ['pnpm-a', 'pnpm-a', '1.0.0', `${store('pnpm-a@1.0.0')}/pnpm-a/lib/main.js`, 'commonjs'],
    ['pnpm-dep', 'pnpm-dep', '2.0.0', `${store('pnpm-dep@2.0.0')}/pnpm-dep/index.js`, 'commonjs'],
    ['pnpm-esm', 'pnpm-esm', '1.0.0', `${store('pnpm-esm@1.0.0')}/pnpm-esm/index.js`, 'module'],
    [
      'pnpm-esm/features/f.js',
      'pnpm-esm',
      '1.0.0',
      `${store('pnpm-esm@1.0.0')}/pnpm-esm/features/f.js`,
      'module',
    ],
    ['pnpm-esm/sub', 'pnpm-esm', '1.0.0', `${store('pnpm-esm@1.0.0')}/pnpm-esm/sub.js`, 'module'],
  ];
  const cjs = program(
    'pnpm.cjs',
    "require('pnpm-a');\nimport('pnpm-esm').then(() => import('pnpm-esm/sub')).then(() => import('pnpm-esm/features/f.js'));\n",
  );
  const esm = program(
    'pnpm.mjs',
    "import 'pnpm-a';\nimport 'pnpm-esm';\nimport 'pnpm-esm/sub';\nimport 'pnpm-esm/features/f.js';\n",
  );
  for (const entry of [cjs, esm]) {
    const { seen, audit } = runReported([entry], hooks);
    assertSameEntries(seen, expected, entry);
    const request = entry === cjs ? 'require' : 'import';
    const later = entry === cjs ? 'dynamic-import' : 'import';
    const main = `<root>/proj/${entry}`;
    assertSameEntries(
      audit.filter(([specifier]) => String(specifier).startsWith('pnpm')),
      [
        ['pnpm-a', `${store('pnpm-a@1.0.0')}/pnpm-a/lib/main.js`, main, request],
        [
          'pnpm-dep',
          `${store('pnpm-dep@2.0.0')}/pnpm-dep/index.js`,
          `${store('pnpm-a@1.0.0')}/pnpm-a/lib/main.js`,
          'require',
        ],
        [
          'pnpm-dep',
          `${store('pnpm-dep@2.0.0')}/pnpm-dep/index.js`,
          `${store('pnpm-esm@1.0.0')}/pnpm-esm/index.js`,
          'import',
        ],
        ['pnpm-esm', `${store('pnpm-esm@1.0.0')}/pnpm-esm/index.js`, main, later],
        [
          'pnpm-esm/features/f.js',
          `${store('pnpm-esm@1.0.0')}/pnpm-esm/features/f.js`,
          main,
          later,
        ],
        ['pnpm-esm/sub', `${store('pnpm-esm@1.0.0')}/pnpm-esm/sub.js`, main, later],
      ],
      entry,
    );
  }
});

test('workspace packages linked into node_modules and a package npm-linked from outside the project: onImport selects them by name and deep path, and a hook on a file selects the file Node loads, named by its real path or through the link', () => {
  const hooks = [
    'ws-a',
    'ws-a/helper',
    '@ws/b',
    '@ws/b/feat',
    'libx',
    './packages/a/index.js',
    './node_modules/ws-a/helper.js',
    './node_modules/@ws/b/feat.js',
  ];
  const wsA = '<root>/proj/packages/a';
  const wsB = '<root>/proj/packages/b';
  const expected = [
    ['./node_modules/@ws/b/feat.js', '@ws/b', '0.2.0', `${wsB}/feat.js`, 'module'],
    ['./node_modules/ws-a/helper.js', 'ws-a', '0.1.0', `${wsA}/helper.js`, 'commonjs'],
    ['./packages/a/index.js', 'ws-a', '0.1.0', `${wsA}/index.js`, 'commonjs'],
    ['@ws/b', '@ws/b', '0.2.0', `${wsB}/index.js`, 'module'],
    ['@ws/b/feat', '@ws/b', '0.2.0', `${wsB}/feat.js`, 'module'],
    ['libx', 'libx', '9.9.9', '<root>/outside/libx/index.js', 'commonjs'],
    ['ws-a', 'ws-a', '0.1.0', `${wsA}/index.js`, 'commonjs'],
    ['ws-a/helper', 'ws-a', '0.1.0', `${wsA}/helper.js`, 'commonjs'],
  ];
  const cjs = program(
    'workspaces.cjs',
    "require('ws-a');\nrequire('libx');\nimport('@ws/b').then(() => import('@ws/b/feat'));\n",
  );
  const esm = program(
    'workspaces.mjs',
    "import 'ws-a';\nimport 'libx';\nimport '@ws/b';\nimport '@ws/b/feat';\n",
  );
  for (const entry of [cjs, esm]) {
    const { seen, audit } = runReported([entry], hooks);
    assertSameEntries(seen, expected, entry);
    assertSameEntries(
      audit.map(([specifier, resolved]) => [specifier, resolved]),
      [
        ['./helper', `${wsA}/helper.js`],
        [`<root>/proj/${entry}`, `<root>/proj/${entry}`],
        ['@ws/b', `${wsB}/index.js`],
        ['@ws/b/feat', `${wsB}/feat.js`],
        ['libx', '<root>/outside/libx/index.js'],
        ['ws-a', `${wsA}/index.js`],
      ],
      entry,
    );
  }
});

test('--preserve-symlinks: a package reached through two links is two modules, and onImport runs on each with the path it loaded from; without the flag it is one module, hooked once at its real path', () => {
  const entry = program(
    'two-links.mjs',
    "import lib from 'lib';\nimport plugin from 'plugin';\nimport { url } from 'elib';\nimport { url as viaPlugin } from 'plugin/esm';\nconsole.log(JSON.stringify({ sameLib: lib === plugin, sameElib: url === viaPlugin }));\n",
  );
  const hooks = ['lib', 'elib', 'plugin', './node_modules/lib/index.cjs'];
  const plain = runReported([entry], hooks);
  assert.deepEqual(plain.printed, [{ sameLib: true, sameElib: true }]);
  assertSameEntries(plain.seen, [
    ['./node_modules/lib/index.cjs', 'lib', '1.2.3', '<root>/shared/lib/index.cjs', 'commonjs'],
    ['elib', 'elib', '1.2.4', '<root>/shared/elib/index.js', 'module'],
    ['lib', 'lib', '1.2.3', '<root>/shared/lib/index.cjs', 'commonjs'],
    ['plugin', 'plugin', '0.0.1', '<root>/plugin/index.js', 'commonjs'],
  ]);
  const preserved = runReported(['--preserve-symlinks', entry], hooks);
  assert.deepEqual(preserved.printed, [{ sameLib: false, sameElib: false }]);
  const links = '<root>/proj/node_modules';
  // The hook on a file names the copy at that path: the project's, not the plugin's.
  assertSameEntries(preserved.seen, [
    ['./node_modules/lib/index.cjs', 'lib', '1.2.3', `${links}/lib/index.cjs`, 'commonjs'],
    ['elib', 'elib', '1.2.4', `${links}/elib/index.js`, 'module'],
    ['elib', 'elib', '1.2.4', `${links}/plugin/node_modules/elib/index.js`, 'module'],
    ['lib', 'lib', '1.2.3', `${links}/lib/index.cjs`, 'commonjs'],
    ['lib', 'lib', '1.2.3', `${links}/plugin/node_modules/lib/index.cjs`, 'commonjs'],
    ['plugin', 'plugin', '0.0.1', `${links}/plugin/index.js`, 'commonjs'],
  ]);
});

test('--preserve-symlinks-main: a main script that is a link resolves its imports from where the link is, and the audit reports it there; without the flag, from its real folder', () => {
  write(root, {
    'tool/package.json': { name: 'tool', version: '1.0.0' },
    'tool/cli.cjs': "require('./helper.cjs');\n",
    'tool/helper.cjs': "module.exports = 'tool';\n",
    'proj/bin/helper.cjs': "module.exports = 'bin';\n",
  });
  link('../../tool/cli.cjs', join(proj, 'bin', 'cli.cjs'));
  const audited = (args: string[]) =>
    runReported(args, []).audit.map(([specifier, resolved, importer]) => [
      specifier,
      resolved,
      importer,
    ]);
  assert.deepEqual(audited(['bin/cli.cjs']), [
    ['<root>/tool/cli.cjs', '<root>/tool/cli.cjs', null],
    ['./helper.cjs', '<root>/tool/helper.cjs', '<root>/tool/cli.cjs'],
  ]);
  assert.deepEqual(audited(['--preserve-symlinks-main', 'bin/cli.cjs']), [
    ['<root>/proj/bin/cli.cjs', '<root>/proj/bin/cli.cjs', null],
    ['./helper.cjs', '<root>/proj/bin/helper.cjs', '<root>/proj/bin/cli.cjs'],
  ]);
});

test('package.json imports (#internal/x, conditional), self-reference through exports, exports patterns, custom conditions (--conditions, -C) and a main without extension: onImport selects what each name resolves to, for require and import', () => {
  const hooks = [
    '#internal/x',
    '#cond',
    'proj',
    'proj/features/f1.js',
    './src/internal/x.js',
    'ws-a',
    'libx',
  ];
  const src = '<root>/proj/src';
  const cjs = program(
    'package-json.cjs',
    "require('#internal/x');\nrequire('#cond');\nrequire('proj');\nrequire('proj/features/f1.js');\nrequire('ws-a');\nrequire('libx');\n",
  );
  const esm = program(
    'package-json.mjs',
    "import '#internal/x';\nimport '#cond';\nimport 'proj';\nimport 'proj/features/f1.js';\nimport 'ws-a';\nimport 'libx';\n",
  );
  for (const entry of [cjs, esm]) {
    for (const conditions of [[], ['--conditions=development'], ['-C', 'development']]) {
      const development = conditions.length > 0;
      const { seen } = runReported([...conditions, entry], hooks);
      assertSameEntries(
        seen.map(([hook, , , path]) => [hook, path]),
        [
          ['#cond', `${src}/${development ? 'dev' : 'prod'}.js`],
          ['#internal/x', `${src}/internal/x.js`],
          ['./src/internal/x.js', `${src}/internal/x.js`],
          ['libx', `<root>/outside/libx/${development ? 'dev' : 'index'}.js`],
          ['proj', `${src}/index.js`],
          ['proj/features/f1.js', `${src}/features/f1.js`],
          ['ws-a', '<root>/proj/packages/a/index.js'],
        ],
        `${entry} ${conditions.join(' ')}`,
      );
      for (const [, name, version] of seen) {
        assert.ok(
          ['proj 3.0.0', 'ws-a 0.1.0', 'libx 9.9.9'].includes(`${name} ${version}`),
          `${name} ${version}`,
        );
      }
    }
  }
});

test('NODE_PATH and ~/.node_modules: onImport selects packages and files found there by name, with their name, version and path', () => {
  const entry = program('global.cjs', "require('gpkg');\nrequire('loose');\nrequire('hpkg');\n");
  const { seen } = runReported([entry], ['gpkg', 'loose', 'hpkg'], {
    NODE_PATH: join(root, 'global'),
    HOME: join(root, 'home'),
  });
  assert.deepEqual(seen, [
    ['gpkg', 'gpkg', '5.0.0', '<root>/global/gpkg/index.js', 'commonjs'],
    ['loose', 'loose', null, '<root>/global/loose.js', 'commonjs'],
    ['hpkg', 'hpkg', '6.0.0', '<root>/home/.node_modules/hpkg/index.js', 'commonjs'],
  ]);
});

test('the dual package hazard: a dual package in a pnpm store loaded by require and by import in one program is two modules, and onImport runs on each with its format', () => {
  const dual = `${store('dual@1.0.0')}/dual`;
  for (const [entry, source] of [
    [
      'dual.cjs',
      "const { kind } = require('dual');\nimport('dual').then((m) => console.log(JSON.stringify([kind, m.kind])));\n",
    ],
    [
      'dual.mjs',
      "import { kind } from 'dual';\nimport { createRequire } from 'node:module';\nconsole.log(JSON.stringify([createRequire(import.meta.url)('dual').kind, kind]));\n",
    ],
  ] as const) {
    const { seen, printed } = runReported([program(entry, source)], ['dual']);
    assert.deepEqual(printed, [['cjs', 'esm']]);
    assertSameEntries(seen, [
      ['dual', 'dual', '1.0.0', `${dual}/cjs/index.cjs`, 'commonjs'],
      ['dual', 'dual', '1.0.0', `${dual}/esm/index.mjs`, 'module'],
    ]);
  }
});

test("createRequire from a file of a package in the pnpm store, and require.resolve with { paths }: onImport selects that package's dependencies by name, which the program itself cannot resolve", () => {
  const entry = program(
    'from-store.mjs',
    "import { createRequire } from 'node:module';\nimport { realpathSync } from 'node:fs';\nconst fromA = createRequire(import.meta.resolve('pnpm-a'));\nconst { dep } = fromA('pnpm-dep');\nconst path = createRequire(import.meta.url).resolve('pnpm-dep', { paths: [realpathSync('node_modules/pnpm-a')] });\nconsole.log(JSON.stringify([dep, path === fromA.resolve('pnpm-dep')]));\n",
  );
  const { seen, printed } = runReported([entry], ['pnpm-dep']);
  assert.deepEqual(printed, [[2, true]]);
  assert.deepEqual(seen, [
    ['pnpm-dep', 'pnpm-dep', '2.0.0', `${store('pnpm-dep@2.0.0')}/pnpm-dep/index.js`, 'commonjs'],
  ]);
});

test('mockModule and redirect of packages linked into a pnpm store, of workspace packages, and of package.json imports, for require and import', () => {
  write(proj, {
    'mocks.mjs': `import { mockModule, redirect } from 'hookline/modules';
mockModule('pnpm-a', { a: 'mocked' });
mockModule('@ws/b', { ws: 'mocked' });
mockModule('#cond', { mode: 'mocked' });
redirect('ws-a', new URL('./local-a.cjs', import.meta.url));
redirect('#internal/x', new URL('./local-x.cjs', import.meta.url));
redirect('pnpm-esm', new URL('./local-esm.mjs', import.meta.url));
`,
    'local-a.cjs': "module.exports = { ws: 'local', real: require('ws-a').ws };\n",
    'local-x.cjs': "exports.x = 'local';\n",
    'local-esm.mjs': "export const e = 'local';\n",
  });
  const expected = ['mocked', 'mocked', 'mocked', 'local a', 'local', 'local'];
  const cjs = program(
    'mocked.cjs',
    "const a = require('pnpm-a');\nconst b = require('@ws/b');\nconst c = require('#cond');\nconst w = require('ws-a');\nconst x = require('#internal/x');\nimport('pnpm-esm').then((e) => console.log(JSON.stringify([a.a, b.ws, c.mode, w.ws + ' ' + w.real, x.x, e.e])));\n",
  );
  const esm = program(
    'mocked.mjs',
    "import { a } from 'pnpm-a';\nimport { ws } from '@ws/b';\nimport { mode } from '#cond';\nimport w from 'ws-a';\nimport { x } from '#internal/x';\nimport { e } from 'pnpm-esm';\nconsole.log(JSON.stringify([a, ws, mode, w.ws + ' ' + w.real, x, e]));\n",
  );
  for (const entry of [cjs, esm]) {
    const result = runNode(['--import', 'hookline/register', entry], {
      cwd: proj,
      env: { HOOKLINE_PRELOAD: './mocks.mjs' },
    });
    assert.equal(result.stderr, '', entry);
    assert.deepEqual(JSON.parse(result.stdout), expected, entry);
  }
});

test('onImport of a package.json imports name (#esm/e) selects the ES module it resolves to, by import and require, on every Node version (Node 24 never ran the handler: the name is neither a package nor a file, and only a watched resolution tells it)', () => {
  const esm = program(
    'hash-import.mjs',
    "import { e } from '#esm/e';\nconsole.log(JSON.stringify(e));\n",
  );
  const cjs = program(
    'hash-import.cjs',
    "import('#esm/e').then(({ e }) => console.log(JSON.stringify(e)));\n",
  );
  const required = program(
    'hash-require.cjs',
    "console.log(JSON.stringify(require('#esm/e').e));\n",
  );
  for (const entry of [esm, cjs, required]) {
    const { seen, printed } = runReported([entry], ['#esm/e'], { LAYOUT_AUDIT: '0' });
    assert.deepEqual(printed, ['esm internal'], entry);
    assert.deepEqual(
      seen,
      [['#esm/e', 'proj', '3.0.0', '<root>/proj/src/esm/e.mjs', 'module']],
      entry,
    );
  }
});

test('transform with a path prefix through a link (node_modules/pkg of a pnpm store, a workspace package) rewrites the files Node loads from the real folder, for require and import, and the link paths with --preserve-symlinks (it rewrote nothing: Node loads real paths, which never start with the link)', () => {
  write(proj, {
    'transforms.mjs': `import { transform } from 'hookline/modules';
const root = process.env.LAYOUT_ROOT;
const done = [];
for (const prefix of ['node_modules/pnpm-a/', 'node_modules/pnpm-esm', 'node_modules/ws-a/', 'node_modules/@ws/b', 'node_modules/lib/']) {
  transform(prefix, (source, { url }) => {
    done.push([prefix, url.split(root).join('<root>')]);
    return source;
  });
}
process.on('exit', () => console.log(JSON.stringify(done)));
`,
  });
  const cjs = program(
    'transformed.cjs',
    "require('pnpm-a');\nrequire('ws-a');\nrequire('lib');\nimport('pnpm-esm').then(() => import('@ws/b'));\n",
  );
  const esm = program(
    'transformed.mjs',
    "import 'pnpm-a';\nimport 'ws-a';\nimport 'lib';\nimport 'pnpm-esm';\nimport '@ws/b';\n",
  );
  const run = (args: string[]) => {
    const result = runNode(['--import', 'hookline/register', ...args], {
      cwd: proj,
      env: { HOOKLINE_PRELOAD: './transforms.mjs', LAYOUT_ROOT: root },
    });
    assert.equal(result.stderr, '', args.join(' '));
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as unknown[];
  };
  for (const entry of [cjs, esm]) {
    assertSameEntries(
      run([entry]),
      [
        ['node_modules/@ws/b', '<root>/proj/packages/b/index.js'],
        ['node_modules/lib/', '<root>/shared/lib/index.cjs'],
        ['node_modules/pnpm-a/', `${store('pnpm-a@1.0.0')}/pnpm-a/lib/main.js`],
        ['node_modules/pnpm-esm', `${store('pnpm-esm@1.0.0')}/pnpm-esm/features/private/p.js`],
        ['node_modules/pnpm-esm', `${store('pnpm-esm@1.0.0')}/pnpm-esm/index.js`],
        ['node_modules/ws-a/', '<root>/proj/packages/a/helper.js'],
        ['node_modules/ws-a/', '<root>/proj/packages/a/index.js'],
      ].map(([prefix, path]) => [prefix, `file://${path}`]),
      entry,
    );
  }
  const links = '<root>/proj/node_modules';
  assertSameEntries(
    run([
      '--preserve-symlinks',
      program('transformed-links.mjs', "import 'lib';\nimport 'ws-a';\n"),
    ]),
    [
      ['node_modules/lib/', `file://${links}/lib/index.cjs`],
      ['node_modules/ws-a/', `file://${links}/ws-a/helper.js`],
      ['node_modules/ws-a/', `file://${links}/ws-a/index.js`],
    ],
  );
});

test('a hook added after the ES module of a linked workspace package loaded says, as for a package in node_modules, that it came too late (it neither ran nor warned: only files under node_modules were looked at)', () => {
  const entry = program(
    'late.mjs',
    `import '@ws/b';
import 'pnpm-esm';
import { onImport } from 'hookline/modules';
const warnings = [];
process.on('warning', (warning) => warnings.push(warning.message.split(process.env.LAYOUT_ROOT).join('<root>')));
const handled = [];
onImport('@ws/b', () => { handled.push('@ws/b'); });
onImport('pnpm-esm', () => { handled.push('pnpm-esm'); });
setImmediate(() => console.log(JSON.stringify({ handled, warnings })));
`,
  );
  for (const args of [[entry], ['--import', 'hookline/register', entry]]) {
    const result = runNode(['--no-warnings', ...args], { cwd: proj, env: { LAYOUT_ROOT: root } });
    assert.equal(result.stderr, '', args.join(' '));
    const { handled, warnings } = JSON.parse(result.stdout) as {
      handled: string[];
      warnings: string[];
    };
    assert.deepEqual(handled, []);
    assert.deepEqual(
      warnings.map((warning) => warning.replace(/ was already loaded as an ES module.*/, '')),
      [
        'onImport("@ws/b"): file://<root>/proj/packages/b/index.js',
        `onImport("pnpm-esm"): file://${store('pnpm-esm@1.0.0')}/pnpm-esm/index.js`,
      ],
      args.join(' '),
    );
  }
});

test('a package pnpm installs under an alias ("aliased": "npm:realname@2.0.0", linked as node_modules/aliased): onImport by the alias selects it, ES module or CommonJS, by import and require (Node 22.15+/24 never ran the handler on the ES module: its real folder is named realname)', () => {
  const esm = program(
    'alias.mjs',
    "import { r } from 'aliased';\nimport { r as c } from 'aliascjs';\nconsole.log(JSON.stringify([r, c]));\n",
  );
  const cjs = program(
    'alias.cjs',
    "const { r } = require('aliased');\nconst { r: c } = require('aliascjs');\nconsole.log(JSON.stringify([r, c]));\n",
  );
  for (const entry of [esm, cjs]) {
    const { seen, printed } = runReported([entry], ['aliased', 'aliascjs'], { LAYOUT_AUDIT: '0' });
    assert.deepEqual(printed, [[1, 2]], entry);
    assertSameEntries(
      seen,
      [
        ['aliased', 'realname', '2.0.0', `${store('realname@2.0.0')}/realname/index.js`, 'module'],
        ['aliascjs', 'realcjs', '2.1.0', `${store('realcjs@2.1.0')}/realcjs/index.js`, 'commonjs'],
      ],
      entry,
    );
  }
});

test('exports with a null target: onImport of a subpath the package does not export ("./features/private/*": null beside "./features/*.js") selects nothing, though the package loads that file itself (the pattern alone was read, so the hook ran on a name Node refuses)', () => {
  const entry = program(
    'null-target.mjs',
    `import 'pnpm-esm';
import 'pnpm-esm/features/f.js';
import 'proj/features/f1.js';
import './src/features/private/p.js';
const refused = await import('pnpm-esm/features/private/p.js').catch((error) => error.code);
console.log(JSON.stringify(refused));
`,
  );
  const hooks = [
    'pnpm-esm/features/private/p.js',
    'pnpm-esm/features/f.js',
    'proj/features/private/p.js',
    'proj/features/f1.js',
  ];
  for (const audit of ['1', '0']) {
    const { seen, printed } = runReported([entry], hooks, { LAYOUT_AUDIT: audit });
    assert.deepEqual(printed, ['ERR_PACKAGE_PATH_NOT_EXPORTED']);
    assertSameEntries(
      seen.map(([hook, , , path]) => [hook, path]),
      [
        ['pnpm-esm/features/f.js', `${store('pnpm-esm@1.0.0')}/pnpm-esm/features/f.js`],
        ['proj/features/f1.js', '<root>/proj/src/features/f1.js'],
      ],
      `audit ${audit}`,
    );
  }
});

test('a hook added after a CommonJS package loaded that the main script cannot resolve (a dependency of a package in the pnpm store, which only that package finds) is handed the loaded module at once, as one it can (it never ran: only the copy the entry point resolves the name to was looked for)', () => {
  const entry = program(
    'late-required.cjs',
    `require('pnpm-a');
require('aliascjs');
const { onImport } = require('hookline/modules');
const handled = [];
for (const name of ['pnpm-dep', 'aliascjs']) {
  onImport(name, (exports, info) => {
    handled.push([name, info.path.split(process.env.LAYOUT_ROOT).join('<root>')]);
  });
}
console.log(JSON.stringify(handled));
`,
  );
  for (const args of [[entry], ['--import', 'hookline/register', entry]]) {
    const result = runNode(args, { cwd: proj, env: { LAYOUT_ROOT: root } });
    assert.equal(result.stderr, '', args.join(' '));
    assert.deepEqual(
      JSON.parse(result.stdout),
      [
        ['pnpm-dep', `${store('pnpm-dep@2.0.0')}/pnpm-dep/index.js`],
        ['aliascjs', `${store('realcjs@2.1.0')}/realcjs/index.js`],
      ],
      args.join(' '),
    );
  }
});

test('a hook added after the ES module of a package installed under an alias loaded says it came too late (it neither ran nor warned: the module was looked for under its real name)', () => {
  const entry = program(
    'late-alias.mjs',
    `import 'aliased';
import { onImport } from 'hookline/modules';
const warnings = [];
process.on('warning', (warning) => warnings.push(warning.message.split(process.env.LAYOUT_ROOT).join('<root>')));
const handled = [];
onImport('aliased', () => { handled.push('aliased'); });
setImmediate(() => console.log(JSON.stringify({ handled, warnings })));
`,
  );
  // The last: a preloaded hook on an ES module has the in-thread hooks watch every load from the
  // start (Node 22.15+/24), where the late hook finds the module among those it saw load.
  const watched = {
    HOOKLINE_PRELOAD: './report.mjs',
    LAYOUT_HOOKS: '["pnpm-esm"]',
    LAYOUT_AUDIT: '0',
  };
  for (const [args, env] of [
    [[entry], {}],
    [['--import', 'hookline/register', entry], {}],
    [['--import', 'hookline/register', entry], watched],
  ] as const) {
    const result = runNode(['--no-warnings', ...args], {
      cwd: proj,
      env: { LAYOUT_ROOT: root, ...env },
    });
    assert.equal(result.stderr, '', args.join(' '));
    const { handled, warnings } = JSON.parse(result.stdout.split('\n')[0] ?? '') as {
      handled: string[];
      warnings: string[];
    };
    assert.deepEqual(handled, []);
    assert.deepEqual(
      warnings.map((warning) => warning.replace(/ was already loaded as an ES module.*/, '')),
      [`onImport("aliased"): file://${store('realname@2.0.0')}/realname/index.js`],
      args.join(' '),
    );
  }
});

test("hookline/register reads the hookline key above the entry script as the command line names it: a link to another package's script (npm's node_modules/.bin) takes the project's configuration, with or without --preserve-symlinks-main", () => {
  write(root, {
    'linked-tool/package.json': { name: 'linked-tool', hookline: { preload: './preload.mjs' } },
    'linked-tool/preload.mjs': "console.log('the tool preload');\n",
    'linked-tool/cli.cjs': "console.log('the tool runs');\n",
    'configured/package.json': { name: 'configured', hookline: { preload: './preload.mjs' } },
    'configured/preload.mjs': "console.log('the project preload');\n",
  });
  link(
    join(proj, 'node_modules', 'hookline'),
    join(root, 'configured', 'node_modules', 'hookline'),
  );
  link('../../../linked-tool/cli.cjs', join(root, 'configured', 'node_modules', '.bin', 'tool'));
  for (const flags of [[], ['--preserve-symlinks-main']]) {
    const result = runNode([...flags, '--import', 'hookline/register', 'node_modules/.bin/tool'], {
      cwd: join(root, 'configured'),
    });
    assert.equal(result.stderr, '', flags.join(' '));
    assert.equal(result.stdout, 'the project preload\nthe tool runs\n', flags.join(' '));
  }
});

test('redirect to a local copy named through a link (a folder or a file) gives the copy the original when it imports it, for require and import (the copy got itself: an empty object by require, a ReferenceError by import)', () => {
  write(proj, {
    'wrapper/package.json': { name: 'wrapper', version: '1.0.0' },
    'wrapper/index.js': "module.exports = { ...require('ws-a'), wrapped: true };\n",
    'wrapper/esm.mjs':
      "import original from 'libx';\nexport default { ...original, wrapped: true };\n",
    'redirects.mjs': `import { redirect } from 'hookline/modules';
redirect('ws-a', 'links/wrap');
redirect('libx', new URL('./links/esm.mjs', import.meta.url));
`,
  });
  link('../wrapper', join(proj, 'links', 'wrap'));
  link('../wrapper/esm.mjs', join(proj, 'links', 'esm.mjs'));
  const entry = program(
    'redirected.cjs',
    "const a = require('ws-a');\nimport('libx').then((x) => console.log(JSON.stringify([a, x.default])));\n",
  );
  for (const flags of [[], ['--preserve-symlinks']]) {
    const result = runNode([...flags, '--import', 'hookline/register', entry], {
      cwd: proj,
      env: { HOOKLINE_PRELOAD: './redirects.mjs' },
    });
    assert.equal(result.stderr, '', flags.join(' '));
    assert.deepEqual(
      JSON.parse(result.stdout),
      [
        { ws: 'a', helper: 'helper', wrapped: true },
        { libx: 'default', wrapped: true },
      ],
      flags.join(' '),
    );
  }
});

test('ES module packages without exports whose main Node completes (a folder, no extension, or nothing there, which falls back to index.js): onImport by name selects the entry Node loads (Node 22.15+/24 missed the index.js fallback: only main was read)', () => {
  const names = ['main-folder', 'main-extensionless', 'main-missing'];
  const entry = program('mains.mjs', names.map((name) => `import '${name}';\n`).join(''));
  for (const audit of ['1', '0']) {
    const { seen } = runReported(['--no-deprecation', entry], names, { LAYOUT_AUDIT: audit });
    assertSameEntries(
      seen.map(([hook, , , path]) => [hook, path]),
      [
        ['main-folder', `${store('main-folder@1.0.0')}/main-folder/lib/index.js`],
        [
          'main-extensionless',
          `${store('main-extensionless@1.0.0')}/main-extensionless/lib/entry.js`,
        ],
        ['main-missing', `${store('main-missing@1.0.0')}/main-missing/index.js`],
      ],
      `audit ${audit}`,
    );
  }
});

test("a workspace package inside the root package's folder, with hooks on both, the root imported by its own name: onImport selects the workspace package's modules by its name and deep paths (they were taken for the root package's files: ws-a/helper never ran, nor ws-a imported on Node 22.15+/24)", () => {
  const hooks = ['proj', 'ws-a', 'ws-a/helper'];
  const expected = [
    ['proj', '<root>/proj/src/index.js'],
    ['ws-a', '<root>/proj/packages/a/index.js'],
    ['ws-a/helper', '<root>/proj/packages/a/helper.js'],
  ];
  const cjs = program('root-and-workspace.cjs', "require('proj');\nrequire('ws-a');\n");
  const esm = program('root-and-workspace.mjs', "import 'proj';\nimport 'ws-a';\n");
  for (const entry of [cjs, esm]) {
    for (const audit of ['1', '0']) {
      const { seen } = runReported([entry], hooks, { LAYOUT_AUDIT: audit });
      assertSameEntries(
        seen.map(([hook, , , path]) => [hook, path]),
        expected,
        `${entry} audit ${audit}`,
      );
    }
  }
});

test("the root package's own files loaded by their path, never by its name: onImport on the root package and on an exports subpath of it selects them, by require and import, on every Node version (Node 20 never ran either on CommonJS files)", () => {
  const hooks = ['proj', 'proj/features/f1.js'];
  const expected = [
    ['proj', 'proj', '3.0.0', '<root>/proj/src/index.js', 'commonjs'],
    ['proj/features/f1.js', 'proj', '3.0.0', '<root>/proj/src/features/f1.js', 'commonjs'],
  ];
  const cjs = program(
    'root-by-path.cjs',
    "require('./src/index.js');\nrequire('./src/features/f1.js');\n",
  );
  const esm = program(
    'root-by-path.mjs',
    "import './src/index.js';\nimport './src/features/f1.js';\n",
  );
  for (const entry of [cjs, esm]) {
    const { seen } = runReported([entry], hooks, { LAYOUT_AUDIT: '0' });
    assertSameEntries(seen, expected, entry);
  }
});
