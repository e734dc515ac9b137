import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { writeTree } from '../helpers/file-tree.js';
import { nodeHasInThreadHooks, nodeStripsTypes, repoRoot, runNode } from '../helpers/run-node.js';
import { appDir, preloadedStaticImports, runApp, runJson } from './fixture.js';

test('node --import hookline/register with HOOKLINE_PRELOAD installs the hooks before the first static import', () => {
  const { value } = runJson(['--import', 'hookline/register', 'esm-static.mjs'], {
    HOOKLINE_PRELOAD: './hooks/esm-preload.mjs',
  });
  assert.deepEqual(value, preloadedStaticImports);
});

test('the "hookline" key of the program\'s package.json names preloads and redirects (of names and of files beside it), found from the entry script', () => {
  const configured = join(appDir, '..', 'configured');
  for (const cwd of [configured, appDir]) {
    const result = runNode(['--import', 'hookline/register', join(configured, 'app.mjs')], { cwd });
    assert.equal(result.stderr, '');
    assert.deepEqual(JSON.parse(result.stdout), {
      text: 'hello from the local greeting',
      settings: 'settings redirected by package.json',
      seen: [
        `import file://${join(configured, 'app.mjs')}`,
        'import greeting',
        'import ./settings.cjs',
      ],
    });
  }
});

test('the "hookline" key applies to a program started by its package\'s folder (node ., node app), whose package.json is the folder\'s own', () => {
  const project = mkdtempSync(join(tmpdir(), 'hookline-register-folder-'));
  try {
    writeTree(project, {
      'package.json': { main: 'server.js', hookline: { preload: './hooks.cjs' } },
      'hooks.cjs': "console.log('preloaded');",
      'server.js': "console.log('server');",
    });
    const register = pathToFileURL(join(repoRoot, 'dist', 'register', 'index.js')).href;
    for (const [entry, cwd] of [
      ['.', project],
      [basename(project), dirname(project)],
    ] as const) {
      const result = runNode(['--import', register, entry], { cwd });
      assert.equal(result.stderr, '');
      assert.equal(result.stdout, 'preloaded\nserver\n', `node ${entry}`);
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

/** Runs a program whose preload cannot load: it stops before the program runs; its error. */
function refusedPreload(preload: string): string {
  const result = runApp(['--import', 'hookline/register', 'print-preloaded.mjs'], {
    HOOKLINE_PRELOAD: preload,
  });
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  return result.stderr;
}

test('a preload that cannot load stops the program with an error naming where it was configured', () => {
  assert.match(
    refusedPreload('./nope.mjs'),
    /hookline\/register: could not preload "\.\/nope\.mjs" named by HOOKLINE_PRELOAD: Cannot find module/,
  );
});

test("a preload with a syntax error stops the program with Node's pointer to the line (file:line, the line, a caret) and the error naming where the preload was configured", () => {
  // Written here: a file that does not parse has no place among the linted fixtures.
  const folder = mkdtempSync(join(tmpdir(), 'hookline-syntax-'));
  try {
    const preload = join(folder, 'syntax-error.mjs');
    writeFileSync(preload, 'const ready = true;\nconst broken = ;\nexport { broken, ready };\n');
    const stderr = refusedPreload(preload);
    assert.ok(
      stderr.includes(`${pathToFileURL(preload).href}:2\nconst broken = ;\n               ^\n`),
      stderr,
    );
    assert.ok(
      stderr.includes(
        `SyntaxError: hookline/register: could not preload "${preload}" named by HOOKLINE_PRELOAD: Unexpected token ';'`,
      ),
      stderr,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a preload named like a file but without ./ is read as a package, and the error says how to name the file', () => {
  assert.match(
    refusedPreload('hooks/esm-preload.mjs'),
    /could not preload "hooks\/esm-preload\.mjs" named by HOOKLINE_PRELOAD: .*"hooks\/esm-preload\.mjs" is read as a package name, as --import reads it; for the file \S+\/hooks\/esm-preload\.mjs, write "\.\/hooks\/esm-preload\.mjs"/,
  );
});

test("a preload named by a package is found from the program with the conditions of import: one only import can load, by name and by an exports pattern, and a dual package's ES module build; a subpath it does not export is refused", () => {
  // hookline runs from the repository here, which does not see the program's packages: only a
  // look from the program's folder finds them.
  const loaded = runApp(['--import', 'hookline/register', 'print-preloaded.mjs'], {
    HOOKLINE_PRELOAD: 'import-only-pkg,import-only-pkg/hooks/audit,dual-preload-pkg',
  });
  assert.equal(loaded.stderr, '');
  // A dual package preloads its ES module build, as --import would load it.
  assert.deepEqual(JSON.parse(loaded.stdout), [
    'import-only-pkg',
    'import-only-pkg/hooks/audit',
    'dual-preload-pkg (esm)',
  ]);
  assert.match(
    refusedPreload('import-only-pkg/hooks/private'),
    /could not preload "import-only-pkg\/hooks\/private" named by HOOKLINE_PRELOAD: the package at \S+\/node_modules\/import-only-pkg does not export it to import/,
  );
});

test("a preload package that is not installed is reported as looked for from the program's folder (not hookline's); a builtin preloads as --import loads it", () => {
  const missing = refusedPreload('not-installed-preload');
  assert.ok(
    missing.includes(
      `hookline/register: could not preload "not-installed-preload" named by HOOKLINE_PRELOAD: Cannot find package 'not-installed-preload' in the node_modules of ${appDir} or of a folder above it (HOOKLINE_PRELOAD names packages from the working directory)`,
    ),
    missing,
  );
  assert.doesNotMatch(missing, /imported from/);
  const folder = join(appDir, '..', 'missing-preload');
  const manifest = join(folder, 'package.json');
  const configured = runNode(['--import', 'hookline/register', join(folder, 'app.mjs')], {
    cwd: appDir,
  });
  assert.equal(configured.status, 1);
  assert.ok(
    configured.stderr.includes(
      `hookline/register: could not preload "not-installed-preload" named by the "hookline" key of ${manifest}: Cannot find package 'not-installed-preload' in the node_modules of ${folder} or of a folder above it (the "hookline" key of ${manifest} names packages from the folder of that package.json)`,
    ),
    configured.stderr,
  );
  const builtin = runApp(['--import', 'hookline/register', 'print-preloaded.mjs'], {
    HOOKLINE_PRELOAD: 'node:fs',
  });
  assert.equal(builtin.stderr, '');
  assert.equal(builtin.stdout.trim(), '[]');
});

// Start-up cost grows with the number of module files Node loads; hookline/register and
// hookline/modules are bundled (scripts/build.mjs) so that they load as a few files. Counted with
// in-thread hooks, which Node 20 lacks.
const watchLoads = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
process.on('exit', () => console.log(JSON.stringify(seen)));
`)}`;
const hasInThreadHooks = nodeHasInThreadHooks();

test('hookline/register with a preload that imports hookline/modules loads hookline as three small module files, its code as one script', {
  skip: hasInThreadHooks ? false : 'needs module.registerHooks (Node 22.15+) to count the loads',
}, () => {
  const result = runApp(['--import', watchLoads, '--import', 'hookline/register', '-e', '0'], {
    HOOKLINE_PRELOAD: './hooks/esm-preload.mjs',
  });
  assert.equal(result.status, 0, result.stderr);
  const dist = `${pathToFileURL(join(repoRoot, 'dist')).href}/`;
  const own = (JSON.parse(result.stdout) as string[])
    .filter((url) => url.startsWith(dist))
    .map((url) => url.slice(dist.length));
  assert.deepEqual(
    own.map((path) => path.replace(/-\w+\.js$/, '.js')),
    ['register/index.js', 'chunks/core.js', 'modules/index.js'],
  );
});

test('a "hookline.redirect" in package.json to a missing local copy stops the program with an error naming the package.json, the key and the folder paths are relative to', () => {
  const misconfigured = join(appDir, '..', 'misconfigured');
  const manifest = join(misconfigured, 'package.json');
  const result = runNode(['--import', 'hookline/register', join(misconfigured, 'app.mjs')], {
    cwd: appDir,
  });
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.ok(
    result.stderr.includes(
      `hookline/register: the "hookline" key of ${manifest} (redirect.cjs-pkg): Expected an existing file or package folder to load instead of "cjs-pkg" (relative paths are relative to the folder of that package.json, ${misconfigured}) but got "./missing-copy.cjs", which is ${join(misconfigured, 'missing-copy.cjs')}, which does not exist. Correct the path, or remove the entry.`,
    ),
    result.stderr,
  );
});

test('an unknown key in the "hookline" key of package.json (a misspelt "preload") stops the program with an error naming it and the known keys', () => {
  const misspelt = join(appDir, '..', 'misspelt');
  const result = runNode(['--import', 'hookline/register', join(misspelt, 'app.mjs')], {
    cwd: appDir,
  });
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.ok(
    result.stderr.includes(
      `hookline/register: the "hookline" key of ${join(misspelt, 'package.json')}: Expected only the keys "preload" and "redirect" but got the unknown key "prelaod". Did you mean "preload"?`,
    ),
    result.stderr,
  );
});

test('a --require preload can add ES module hooks and an audit (Node 20 runs it on its loader thread too, where hookline starts nothing)', () => {
  const { value, stderr } = runJson(['-r', './hooks/require-preload.cjs', 'require-preload.cjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    greet: 'hooked by a --require preload',
    handled: ['esm-pkg'],
    audited: [
      `require ${join(appDir, 'require-preload.cjs')}`,
      'dynamic-import esm-pkg',
      'require ./lib/siblings/a.cjs',
      'require ./shared.cjs',
    ],
  });
});

test('a preloaded onImport hands over a CommonJS package that a --require preload loaded before hookline/register started, and one that loads later', () => {
  const env = { HOOKLINE_PRELOAD: './hooks/hook-early-required.mjs' };
  const early = runJson(
    ['-r', './hooks/early-require.cjs', '--import', 'hookline/register', 'print-cjs-pkg-hook.cjs'],
    env,
  );
  assert.deepEqual(early.value, { hookedAs: 'cjs-pkg' });
  assert.equal(early.stderr, '');
  const later = runJson(['--import', 'hookline/register', 'print-cjs-pkg-hook.cjs'], env);
  assert.deepEqual(later.value, { hookedAs: 'cjs-pkg' });
  assert.equal(later.stderr, '');
});

test('hookline/register and its preloads run in each worker thread too, so preloaded hooks apply in every thread; a hook added at run time applies to its own thread only', () => {
  const { value, stderr } = runJson(['--import', 'hookline/register', 'worker-preload.mjs'], {
    HOOKLINE_PRELOAD: './hooks/thread-marks.mjs',
  });
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    main: { cjs: 'main', esm: 'hello x (hooked in the main thread)', lateHook: 'seen' },
    worker: { cjs: 'worker', esm: 'hello x (hooked in the worker thread)', lateHook: 'not seen' },
  });
});

test('a TypeScript preload runs where Node strips types; elsewhere the error says how to load it', () => {
  if (nodeStripsTypes()) {
    const { value } = runJson(['--import', 'hookline/register', 'print-preloaded.mjs'], {
      HOOKLINE_PRELOAD: './hooks/typed-preload.ts',
    });
    assert.deepEqual(value, ['typed-preload.ts']);
    return;
  }
  assert.match(
    refusedPreload('./hooks/typed-preload.ts'),
    /Unknown file extension "\.ts".*runs no TypeScript by itself: compile the preload to JavaScript, or load a TypeScript loader before hookline \(node --import tsx --import hookline\/register …\)/,
  );
});
