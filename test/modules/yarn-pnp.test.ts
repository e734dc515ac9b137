import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { writeTree } from '../helpers/file-tree.js';
import { type NodeResult, nodeHasInThreadHooks, repoRoot, runNode } from '../helpers/run-node.js';

/**
 * A project installed by Yarn with Plug'n'Play (`nodeLinker: pnp`): no node_modules, every package
 * read from a zip archive in .yarn/cache through the fs Yarn's runtime patches (hookline, which
 * asks to be unplugged, from .yarn/unplugged), resolved by Yarn's CommonJS resolution and its ES
 * module loader, as `yarn node` starts a program. Installed offline from local folders, once for
 * the file.
 */

let root = '';
let proj = '';
let pnpOptions = '';

const write = writeTree;

const yarn = join(repoRoot, 'node_modules', '@yarnpkg', 'cli-dist', 'bin', 'yarn.js');

/**
 * hookline's runtime dependencies, and theirs, as this checkout's node_modules holds them (all
 * hoisted there by npm): installed into the project from there, so that Yarn needs no network.
 */
function runtimeDependencies(): string[] {
  const found = new Set<string>();
  const visit = (manifestPath: string): void => {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      if (found.has(name)) continue;
      found.add(name);
      visit(join(repoRoot, 'node_modules', name, 'package.json'));
    }
  };
  visit(join(repoRoot, 'package.json'));
  return [...found];
}

/** hookline as its package ships: dist/ and a package.json with its dependencies, no scripts. */
function packHookline(at: string): void {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  delete manifest['scripts'];
  delete manifest['devDependencies'];
  write(at, { 'package.json': manifest });
  cpSync(join(repoRoot, 'dist'), join(at, 'dist'), {
    recursive: true,
    filter: (from) => !from.endsWith('.map') && !from.endsWith('.d.ts'),
  });
}

before(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'hookline-pnp-test-')));
  proj = join(root, 'proj');
  packHookline(join(proj, 'vendor', 'hookline'));
  const resolutions = Object.fromEntries(
    runtimeDependencies().map((name) => [name, `file:${join(repoRoot, 'node_modules', name)}`]),
  );
  write(proj, {
    'package.json': {
      name: 'proj',
      version: '3.0.0',
      private: true,
      dependencies: {
        hookline: 'file:./vendor/hookline',
        'cjs-pkg': 'file:./packages/cjs-pkg',
        'esm-pkg': 'file:./packages/esm-pkg',
        'dual-pkg': 'file:./packages/dual-pkg',
        'import-only': 'file:./packages/import-only',
        'uses-helper': 'file:./packages/uses-helper',
        'peer-pkg': 'file:./packages/peer-pkg',
        runner: 'file:./packages/runner',
        'requires-esm': 'file:./packages/requires-esm',
        'esm-rel': 'file:./packages/esm-rel',
      },
      resolutions,
    },
    '.yarnrc.yml':
      'nodeLinker: pnp\nenableGlobalCache: false\nenableTelemetry: false\nenableNetwork: false\n',
    'yarn.lock': '',
    'packages/cjs-pkg/package.json': { name: 'cjs-pkg', version: '1.2.3', main: 'index.js' },
    'packages/cjs-pkg/index.js': "exports.hello = () => 'cjs';\n",
    'packages/cjs-pkg/sub.js': "exports.sub = () => 'cjs-sub';\n",
    'packages/esm-pkg/package.json': {
      name: 'esm-pkg',
      version: '4.5.6',
      type: 'module',
      exports: { '.': './index.js', './sub': './sub.js' },
    },
    'packages/esm-pkg/index.js': "export const hello = () => 'esm';\n",
    'packages/esm-pkg/sub.js': "export const sub = () => 'esm-sub';\n",
    'packages/dual-pkg/package.json': {
      name: 'dual-pkg',
      version: '1.0.0',
      exports: { import: './hooks.mjs', require: './hooks.cjs' },
    },
    'packages/dual-pkg/hooks.mjs': "console.log('dual-pkg: ES module build');\n",
    'packages/dual-pkg/hooks.cjs': "console.log('dual-pkg: CommonJS build');\n",
    'packages/import-only/package.json': {
      name: 'import-only',
      version: '1.0.0',
      type: 'module',
      exports: { '.': { import: './hooks.js' } },
    },
    'packages/import-only/hooks.js': "console.log('import-only preloaded');\n",
    // helper is uses-helper's dependency, not the project's: Yarn gives it to uses-helper alone.
    'packages/helper/package.json': { name: 'helper', version: '2.0.0', main: 'index.js' },
    'packages/helper/index.js': "exports.help = () => 'help';\n",
    'packages/uses-helper/package.json': {
      name: 'uses-helper',
      version: '1.0.0',
      main: 'index.js',
      dependencies: { helper: 'file:../helper' },
    },
    'packages/uses-helper/index.js': "exports.go = () => 'original ' + require('helper').help();\n",
    'local/uses-helper.cjs': "exports.go = () => 'fork ' + require('helper').help();\n",
    'fork.mjs':
      "import { redirect } from 'hookline/modules';\nredirect('uses-helper', './local/uses-helper.cjs');\n",
    'fork-main.mjs': `
import { createRequire } from 'node:module';
import { go } from 'uses-helper';
console.log(go(), createRequire(import.meta.url)('uses-helper').go());
`,
    // A package with peer dependencies loads from a path under .yarn/__virtual__/.
    'packages/peer-pkg/package.json': {
      name: 'peer-pkg',
      version: '7.0.0',
      type: 'module',
      exports: './index.js',
      peerDependencies: { 'cjs-pkg': '*' },
    },
    'packages/peer-pkg/index.js':
      "import cjs from 'cjs-pkg';\nexport const peer = () => 'peer of ' + cjs.hello();\n",
    'peer.mjs': `
import { onImport, transform } from 'hookline/modules';
onImport('peer-pkg', (exports, info) => {
  console.log(info.name, info.version, /\\/\\.yarn\\/__virtual__\\/.*\\/node_modules\\/peer-pkg\\/index\\.js$/.test(info.path));
});
transform('.yarn/', (source) => source.replace("'peer of '", "'transformed peer of '"));
`,
    'peer-main.mjs': "import { peer } from 'peer-pkg';\nconsole.log(peer());\n",
    // A command a package installs (`yarn runner`, `$(yarn bin runner)`), and a file of it that
    // is not one; the project's own configuration lives in the project's folder (config/).
    'packages/runner/package.json': {
      name: 'runner',
      version: '1.0.0',
      bin: { runner: 'bin/runner.js' },
    },
    'packages/runner/bin/runner.js': "console.log('runner ran');\n",
    'packages/runner/lib/worker.js': "console.log('worker ran');\n",
    'config/package.json': {
      name: 'configured',
      private: true,
      hookline: { preload: './preload.mjs' },
    },
    'config/preload.mjs': "console.log('project preload');\n",
    'packages/requires-esm/package.json': {
      name: 'requires-esm',
      version: '1.0.0',
      main: 'index.js',
      dependencies: { 'esm-pkg': 'file:../esm-pkg' },
    },
    'packages/requires-esm/index.js': "exports.hello = () => require('esm-pkg').hello();\n",
    'hooks-esm-pkg.mjs': `
import { onImport } from 'hookline/modules';
onImport('esm-pkg', (exports) => ({ ...exports, hello: () => 'hooked' }));
`,
    'requires-esm.cjs': "console.log(require('requires-esm').hello());\n",
    'hooks-cjs-pkg.mjs':
      "import { onImport } from 'hookline/modules';\nonImport('cjs-pkg', (exports) => ({ ...exports, hello: () => 'hooked' }));\n",
    'imports-cjs-pkg.mjs': "import cjs from 'cjs-pkg';\nconsole.log(cjs.hello());\n",
    'setup.cjs':
      "const { onImport } = require('hookline/modules');\nonImport('cjs-pkg', (exports) => ({ ...exports, hello: () => 'hooked from a require' }));\n",
    'requires-hookline.cjs': "require('./setup.cjs');\nconsole.log(require('cjs-pkg').hello());\n",
    'packages/esm-rel/package.json': {
      name: 'esm-rel',
      version: '1.0.0',
      type: 'module',
      exports: './index.js',
    },
    'packages/esm-rel/index.js': "export { rel as hello } from './rel.js';\n",
    'packages/esm-rel/rel.js': "export const rel = () => 'rel';\n",
    'lazy-rel.mjs': `
import { lazyImport } from 'hookline/modules';
const rel = lazyImport('esm-rel');
try {
  console.log(rel.hello());
} catch (error) {
  console.log(error.code, error.message);
}
`,
    'adds-export.mjs': `
import { transform } from 'hookline/modules';
transform('.yarn/', (source, { url }) => url.includes('/uses-helper/') ? source + "\\nexports.added = () => 'added';\\n" : undefined);
`,
    'imports-cjs.mjs':
      "import * as ns from 'uses-helper';\nconsole.log(ns.go(), 'added' in ns, ns.default.added());\n",
    'local/cjs-fork.cjs': "exports.hello = () => 'cjs-fork';\n",
    'local/esm-fork.mjs': "export const hello = () => 'esm-fork';\n",
    'hooks.mjs': `
import { auditImports, lazyImport, mockModule, onImport, redirect, transform } from 'hookline/modules';
const root = ${JSON.stringify(root)};
const rel = (text) => text && String(text).split(root).join('<root>').replace(/[a-z-]+-file-[0-9a-f]+-[0-9a-f]+\\.zip/, '<zip>');
const seen = [];
const audit = [];
for (const name of ['cjs-pkg', 'cjs-pkg/sub', 'esm-pkg', 'esm-pkg/sub', 'node:zlib']) {
  onImport(name, (exports, info) => { seen.push([name, info.name, info.version ?? null, rel(info.path), info.format]); });
}
auditImports((event) => {
  if (!/-pkg/.test(event.specifier)) return;
  audit.push([event.specifier, rel(event.resolved), rel(event.importer), event.kind]);
});
transform((url) => url.includes('/node_modules/'), (source) => source.replace(/'(cjs|esm)'/, "'$1 transformed'"));
if (process.env.PNP_MOCKS) {
  mockModule('cjs-pkg/sub', { sub: () => 'cjs-sub mocked' });
  mockModule('esm-pkg/sub', { sub: () => 'esm-sub mocked' });
  redirect('cjs-pkg', './local/cjs-fork.cjs');
  redirect('esm-pkg', './local/esm-fork.mjs');
}
globalThis.lazyCjs = lazyImport('cjs-pkg');
process.on('exit', () => console.log(JSON.stringify({ seen, audit })));
`,
    'main.mjs': `
import zlib from 'node:zlib';
import { hello } from 'esm-pkg';
import { sub } from 'esm-pkg/sub';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const cjs = require('cjs-pkg');
const cjsSub = require('cjs-pkg/sub');
console.log(JSON.stringify([hello(), sub(), cjs.hello(), cjsSub.sub(), globalThis.lazyCjs.hello()]));
`,
    'main.cjs': `
require('node:zlib');
const cjs = require('cjs-pkg');
const cjsSub = require('cjs-pkg/sub');
import('esm-pkg').then(async ({ hello }) => {
  const { sub } = await import('esm-pkg/sub');
  console.log(JSON.stringify([hello(), sub(), cjs.hello(), cjsSub.sub(), globalThis.lazyCjs.hello()]));
});
`,
  });
  // --no-immutable: under CI=true Yarn refuses to write the lock file a first install makes.
  const installed = runNode([yarn, 'install', '--no-immutable'], {
    cwd: proj,
    env: { YARN_ENABLE_PROGRESS_BARS: '0', YARN_ENABLE_INLINE_BUILDS: '0' },
  });
  assert.equal(installed.status, 0, installed.stdout + installed.stderr);
  // What `yarn node` puts in NODE_OPTIONS.
  pnpOptions = `--require ${join(proj, '.pnp.cjs')} --experimental-loader ${pathToFileURL(join(proj, '.pnp.loader.mjs')).href}`;
});

after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Runs `args` in the project as `yarn node` would, with `env` added. */
function runPnp(args: readonly string[], env: NodeJS.ProcessEnv = {}): NodeResult {
  return runNode(['--disable-warning=ExperimentalWarning', ...args], {
    cwd: proj,
    env: { NODE_OPTIONS: pnpOptions, ...env },
  });
}

function lines(result: NodeResult): string[] {
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim().split('\n');
}

const zipped = (name: string, file: string) =>
  `<root>/proj/.yarn/cache/<zip>/node_modules/${name}/${file}`;

test('a Plug’n’Play program: packages in zip archives are hooked, audited and transformed by name, with their versions', () => {
  for (const main of ['main.mjs', 'main.cjs']) {
    const [results = '', report = ''] = lines(runPnp(['--import', './hooks.mjs', main]));
    assert.deepEqual(
      JSON.parse(results),
      ['esm transformed', 'esm-sub', 'cjs transformed', 'cjs-sub', 'cjs transformed'],
      main,
    );
    const { seen, audit } = JSON.parse(report) as { seen: string[][]; audit: string[][] };
    const byName = Object.fromEntries(seen.map(([name, ...rest]) => [name, rest]));
    assert.deepEqual(
      byName,
      {
        'node:zlib': ['node:zlib', null, 'node:zlib', 'builtin'],
        'cjs-pkg': ['cjs-pkg', '1.2.3', zipped('cjs-pkg', 'index.js'), 'commonjs'],
        'cjs-pkg/sub': ['cjs-pkg', '1.2.3', zipped('cjs-pkg', 'sub.js'), 'commonjs'],
        'esm-pkg': ['esm-pkg', '4.5.6', zipped('esm-pkg', 'index.js'), 'module'],
        'esm-pkg/sub': ['esm-pkg', '4.5.6', zipped('esm-pkg', 'sub.js'), 'module'],
      },
      main,
    );
    // Static imports resolve off-thread, in no fixed order: compared sorted.
    const esmKind = main === 'main.cjs' ? 'dynamic-import' : 'import';
    const expected = [
      ['cjs-pkg', 'index.js', 'require'],
      ['cjs-pkg/sub', 'sub.js', 'require'],
      ['esm-pkg', 'index.js', esmKind],
      ['esm-pkg/sub', 'sub.js', esmKind],
    ].map(([specifier = '', file = '', kind]) => [
      specifier,
      `file://${zipped(specifier.split('/')[0] ?? '', file)}`,
      `file://<root>/proj/${main}`,
      kind,
    ]);
    assert.deepEqual(
      audit.filter(([, , importer]) => importer?.endsWith(main)).sort(),
      expected,
      main,
    );
  }
});

test('a Plug’n’Play program: mocks and redirects of packages in zip archives', () => {
  for (const main of ['main.mjs', 'main.cjs']) {
    const [results = ''] = lines(runPnp(['--import', './hooks.mjs', main], { PNP_MOCKS: '1' }));
    assert.deepEqual(
      JSON.parse(results),
      ['esm-fork', 'esm-sub mocked', 'cjs-fork', 'cjs-sub mocked', 'cjs-fork'],
      main,
    );
  }
});

test('a Plug’n’Play program: a redirect’s local copy requires the dependencies of the package it replaces', () => {
  assert.deepEqual(lines(runPnp(['--import', './fork.mjs', 'fork-main.mjs'])), [
    'fork help fork help',
  ]);
});

test('a Plug’n’Play program: a package with peer dependencies, at its virtual path, is hooked and transformed', () => {
  assert.deepEqual(lines(runPnp(['--import', './peer.mjs', 'peer-main.mjs'])), [
    'peer-pkg 7.0.0 true',
    'transformed peer of cjs',
  ]);
});

test('a Plug’n’Play program: a transform that adds an export to an imported CommonJS package adds the named export', () => {
  // Node 20 reads an imported CommonJS module's export names from the file (docs/modules.md).
  const named = nodeHasInThreadHooks();
  assert.deepEqual(lines(runPnp(['--import', './adds-export.mjs', 'imports-cjs.mjs'])), [
    `original help ${named} added`,
  ]);
});

test('a Plug’n’Play program: an ES package in a zip archive that require() loads is hooked, or on Node 20 loads unhooked with a warning that says why', () => {
  const result = runPnp(['--import', './hooks-esm-pkg.mjs', 'requires-esm.cjs']);
  if (nodeHasInThreadHooks()) {
    assert.deepEqual(lines(result), ['hooked']);
    assert.doesNotMatch(result.stderr, /HooklineWarning/);
    return;
  }
  // Node 20 resolves the imports of a required ES module without Yarn's loader, which alone
  // reads zip archives, and hooking the module adds an import of itself.
  assert.deepEqual(lines(result), ['esm']);
  assert.match(
    result.stderr,
    /HooklineWarning: hookline cannot hook file:\/\/.*\.zip\/node_modules\/esm-pkg\/index\.js/,
  );
  assert.match(result.stderr, /import\(\)/);
  assert.match(result.stderr, /yarn unplug esm-pkg/);
  assert.match(result.stderr, /Node 22\.15\+/);
});

test('a Plug’n’Play program on Node 20: a hook on a CommonJS package starts no loader thread, as under node_modules', {
  skip: nodeHasInThreadHooks() && 'Node 22.15+ hooks ES modules in-thread, with no loader thread',
}, () => {
  // Whether a package may load as an ES module is read from its package.json, in its archive.
  const result = runPnp(['--import', './hooks-cjs-pkg.mjs', 'imports-cjs-pkg.mjs'], {
    NODE_DEBUG: 'hookline',
  });
  assert.deepEqual(lines(result), ['hooked']);
  assert.doesNotMatch(result.stderr, /starting the loader thread/);
});

test('a Plug’n’Play program requires hookline/modules, from its own code and from a --require preload', () => {
  // Yarn unplugs hookline (preferUnplugged): Node's require() of an ES module in a zip archive
  // fails where it imports relative files, on Node 20, and in --require preloads on Node 22+.
  assert.ok(readdirSync(join(proj, '.yarn', 'unplugged')).some((n) => n.startsWith('hookline-')));
  assert.deepEqual(lines(runPnp(['requires-hookline.cjs'])), ['hooked from a require']);
  assert.deepEqual(lines(runPnp(['-r', './setup.cjs', 'imports-cjs-pkg.mjs'])), [
    'hooked from a require',
  ]);
});

test('lazyImport of an ES package in a zip archive loads it, or on Node 20 says why it cannot and the ways out', () => {
  const [out = ''] = lines(runPnp(['lazy-rel.mjs']));
  if (nodeHasInThreadHooks()) {
    assert.equal(out, 'rel');
    return;
  }
  // Node 20's require() of an ES module cannot find what it imports inside a zip archive.
  assert.match(out, /^ERR_MODULE_NOT_FOUND lazyImport\("esm-rel"\): /);
  assert.match(out, /await import\("esm-rel"\)/);
  assert.match(out, /yarn unplug esm-rel/);
  assert.match(out, /Node 22\.15\+/);
});

test('hookline/register under Plug’n’Play preloads packages installed by Plug’n’Play as --import would', () => {
  // A dual package preloads its ES module build, and one only import can load preloads at all.
  const out = lines(
    runPnp(['--import', 'hookline/register', '-e', 'console.log("main")'], {
      HOOKLINE_PRELOAD: 'dual-pkg,import-only',
    }),
  );
  assert.deepEqual(out, ['dual-pkg: ES module build', 'import-only preloaded', 'main']);
});

test('a command a package installs under Plug’n’Play reads the project’s hookline key, as a node_modules/.bin link does', () => {
  const bin = runNode([yarn, 'bin', 'runner'], { cwd: proj }).stdout.trim();
  assert.match(bin, /\.zip\/node_modules\/runner\/bin\/runner\.js$/);
  // The project: the package.json above the working directory, as without an entry script.
  const cwd = join(proj, 'config');
  const run = (file: string) =>
    runNode(['--disable-warning=ExperimentalWarning', '--import', 'hookline/register', file], {
      cwd,
      env: { NODE_OPTIONS: pnpOptions },
    });
  assert.deepEqual(lines(run(bin)), ['project preload', 'runner ran']);
  // Another file of the package is the package's own, as under node_modules.
  assert.deepEqual(lines(run(join(dirname(bin), '..', 'lib', 'worker.js'))), ['worker ran']);
});

test('a preload that is no dependency of a Plug’n’Play project says to add it, not to look in node_modules', () => {
  for (const name of ['not-installed', 'acorn']) {
    const result = runPnp(['--import', 'hookline/register', '-e', '0'], { HOOKLINE_PRELOAD: name });
    assert.notEqual(result.status, 0);
    assert.match(
      result.stderr,
      new RegExp(`could not preload "${name}" named by HOOKLINE_PRELOAD`),
    );
    assert.doesNotMatch(result.stderr, /node_modules of/);
    assert.match(
      result.stderr,
      new RegExp(
        `is not a dependency of the project at ${proj.replaceAll('/', '\\/')}.*yarn add ${name}`,
      ),
    );
  }
});
