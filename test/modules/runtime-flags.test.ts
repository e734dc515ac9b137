import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { nodeBinary, nodeStripsTypes, repoRoot, runNode } from '../helpers/run-node.js';
import { appDir, runApp, runJsonAsync } from './fixture.js';

/** What flags/all-apis.mjs prints where every module API works. */
const allApisWork = {
  cjs: 'hooked cjs',
  esm: 'hooked esm',
  mock: true,
  redirect: 'replacement',
  transformedCjs: 42,
  transformedEsm: 42,
  scheme: 'flagsvirt:x',
  lazy: 'hooked cjs',
  audited: ['require cjs-pkg', 'dynamic-import esm-pkg'],
  warnings: [],
};

/** What flags/preloaded.mjs prints where the preloaded hooks all work. */
const preloadedWork = { ...allApisWork, audited: ['require cjs-pkg', 'import esm-pkg'] };

/** The environment that preloads flags/preload.mjs through hookline/register. */
const preloadEnv = { HOOKLINE_PRELOAD: './flags/preload.mjs' };

/** The Node under test's major version. */
const nodeMajor = Number(
  runNode(['-p', 'process.versions.node']).stdout.trim().split('.')[0] ?? '0',
);

/** The flag that turns the permission model on: Node 20's is still experimental. */
const permissionFlag = nodeMajor >= 22 ? '--permission' : '--experimental-permission';

/** Runs a fixture of the app with `flags` and a cache folder of its own, and parses its last line. */
function runWithFlags(
  flags: readonly string[],
  script: string,
  env: NodeJS.ProcessEnv = {},
  args: readonly string[] = [],
): { value: Record<string, unknown>; stderr: string } {
  const cache = mkdtempSync(join(tmpdir(), 'hookline-flags-'));
  try {
    const result = runApp([...flags, script, ...args], { HOOKLINE_CACHE: cache, ...env });
    if (result.status !== 0) {
      assert.fail(
        `${[...flags, script, ...args].join(' ')} exited ${result.status}\n${result.stderr}`,
      );
    }
    const line = result.stdout.trim().split('\n').pop() ?? '';
    return { value: JSON.parse(line) as Record<string, unknown>, stderr: result.stderr };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

test('under the permission model without --allow-inspector, a hook added after ES modules loaded does not crash the program asking V8 which scripts it compiled', () => {
  // Node 20 needs --allow-worker for its loader thread; that case has a test of its own.
  const flags = [
    permissionFlag,
    '--allow-fs-read=*',
    ...(nodeMajor < 22 ? ['--allow-worker'] : []),
  ];
  const { value } = runWithFlags(flags, 'flags/all-apis.mjs');
  assert.deepEqual(value, allApisWork);
});

test('on Node 20 under the permission model without --allow-worker, which refuses the loader thread that hooks ES modules, CommonJS stays hooked, ES modules load as Node loads them, and one warning names the flag to add', {
  skip:
    nodeMajor >= 22
      ? 'Node 22.15+/24 hook ES modules in-thread: no loader thread to refuse'
      : false,
}, () => {
  const { value } = runWithFlags(
    [permissionFlag, '--allow-fs-read=*', '--disable-warning=ExperimentalWarning'],
    'flags/all-apis.mjs',
  );
  const { warnings, ...rest } = value;
  assert.deepEqual(
    { ...rest, warnings: [] },
    {
      ...allApisWork,
      esm: 'hello esm',
      mock: 'threw ERR_MODULE_NOT_FOUND',
      transformedEsm: 41,
      scheme: 'threw ERR_UNSUPPORTED_ESM_URL_SCHEME',
      audited: ['require cjs-pkg'],
    },
  );
  assert.equal((warnings as string[]).length, 1);
  assert.match(
    (warnings as string[])[0] ?? '',
    /ES modules load unhooked.*permission model.*--allow-worker/,
  );
});

test('preloads through --import hookline/register work under the permission model (with --allow-worker on Node 20)', () => {
  const flags = [
    permissionFlag,
    '--allow-fs-read=*',
    '--disable-warning=ExperimentalWarning',
    ...(nodeMajor < 22 ? ['--allow-worker'] : []),
    '--import',
    'hookline/register',
  ];
  const { value, stderr } = runWithFlags(flags, 'flags/preloaded.mjs', preloadEnv);
  assert.deepEqual(value, preloadedWork);
  assert.doesNotMatch(stderr, /HooklineWarning|Error/);
});

test('on Node 20, preloads under the permission model without --allow-worker hook CommonJS and say once, naming --allow-worker, that ES modules load unhooked', {
  skip:
    nodeMajor >= 22
      ? 'Node 22.15+/24 hook ES modules in-thread: no loader thread to refuse'
      : false,
}, () => {
  const flags = [
    permissionFlag,
    '--allow-fs-read=*',
    '--disable-warning=ExperimentalWarning',
    '--import',
    'hookline/register',
  ];
  const { value, stderr } = runWithFlags(flags, 'flags/preloaded.mjs', preloadEnv);
  assert.deepEqual(value, {
    ...preloadedWork,
    esm: 'hello esm',
    mock: 'threw ERR_MODULE_NOT_FOUND',
    transformedEsm: 41,
    scheme: 'threw ERR_UNSUPPORTED_ESM_URL_SCHEME',
    audited: ['require cjs-pkg'],
  });
  assert.equal(stderr.match(/HooklineWarning/g)?.length, 1, stderr);
  assert.match(stderr, /ES modules load unhooked.*--allow-worker/);
});

/**
 * Runs flags/all-apis.mjs, and flags/preloaded.mjs through hookline/register, with HOOKLINE_CACHE
 * set to `cache`, and checks that both work as with a usable cache and print nothing else. A
 * short timeout: a cache folder that cannot be made must not hold the program up.
 */
function assertRunsWithCache(cache: string): void {
  for (const [args, expected] of [
    [['flags/all-apis.mjs'], allApisWork],
    [['--import', 'hookline/register', 'flags/preloaded.mjs'], preloadedWork],
  ] as const) {
    const result = runNode(args, {
      cwd: appDir,
      timeout: 20_000,
      env: { HOOKLINE_CACHE: cache, ...preloadEnv },
    });
    assert.equal(result.signal, null, `${args.join(' ')} with HOOKLINE_CACHE=${cache} hung`);
    assert.equal(result.stderr, '', `${args.join(' ')} with HOOKLINE_CACHE=${cache}`);
    assert.equal(result.status, 0);
    assert.deepEqual(JSON.parse(result.stdout.trim().split('\n').pop() ?? ''), expected);
  }
}

test('HOOKLINE_CACHE naming a folder that cannot be made because mkdir answers ENOENT under an existing parent (/proc) turns the cache off rather than hanging the program at start and at exit', {
  skip: existsSync('/proc/self') ? false : 'no /proc on this system',
}, () => {
  assertRunsWithCache('/proc/self/hookline-cache');
});

test('HOOKLINE_CACHE naming a file, a path under a file, a folder others can write to, or (as root) a folder another user owns: the program runs as with a cache, silently, and nothing is written there', () => {
  const root = mkdtempSync(join(tmpdir(), 'hookline-flags-cache-'));
  try {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    assertRunsWithCache(file);
    assertRunsWithCache(join(file, 'sub'));
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    assertRunsWithCache(shared);
    assert.deepEqual(readdirSync(shared), []);
    if (process.getuid?.() === 0) {
      const foreign = join(root, 'foreign');
      mkdirSync(foreign, { mode: 0o700 });
      chownSync(foreign, 65534, 65534);
      assertRunsWithCache(foreign);
      assert.deepEqual(readdirSync(foreign), []);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('under the permission model without --allow-fs-write for the cache folder, the cache is off and nothing is said; with it, the cache is kept', () => {
  const cache = mkdtempSync(join(tmpdir(), 'hookline-flags-'));
  try {
    const flags = [
      permissionFlag,
      '--allow-fs-read=*',
      '--disable-warning=ExperimentalWarning',
      '--disable-warning=SecurityWarning',
      ...(nodeMajor < 22 ? ['--allow-worker'] : []),
    ];
    const run = (extra: readonly string[]) => {
      const result = runApp([...flags, ...extra, 'flags/all-apis.mjs'], { HOOKLINE_CACHE: cache });
      assert.equal(result.stderr, '');
      assert.deepEqual(JSON.parse(result.stdout.trim().split('\n').pop() ?? ''), allApisWork);
    };
    run([]);
    assert.deepEqual(readdirSync(cache), []);
    run([`--allow-fs-write=${cache}`]);
    assert.notDeepEqual(readdirSync(cache), []);
    run([]);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('under --frozen-intrinsics (Error.prepareStackTrace and Error.stackTraceLimit frozen), every module API and the preloads work', () => {
  const flags = ['--frozen-intrinsics', '--disable-warning=ExperimentalWarning'];
  assert.deepEqual(runWithFlags(flags, 'flags/all-apis.mjs').value, allApisWork);
  const preloaded = runWithFlags(
    [...flags, '--import', 'hookline/register'],
    'flags/preloaded.mjs',
    preloadEnv,
  );
  assert.deepEqual(preloaded.value, preloadedWork);
  assert.equal(preloaded.stderr, '');
});

test('a program that locks Error.prepareStackTrace to a function that throws, and Error.stackTraceLimit, keeps every module API working', () => {
  assert.deepEqual(runWithFlags([], 'flags/locked-stack.mjs').value, allApisWork);
});

test('under --jitless, where V8 has no WebAssembly for the module lexer, ES modules are hooked as without the flag, at run time and preloaded, with a cache and without', () => {
  for (const env of [{}, { HOOKLINE_CACHE: '0' }]) {
    assert.deepEqual(runWithFlags(['--jitless'], 'flags/all-apis.mjs', env).value, allApisWork);
    const preloaded = runWithFlags(
      ['--jitless', '--import', 'hookline/register'],
      'flags/preloaded.mjs',
      {
        ...preloadEnv,
        ...env,
      },
    );
    assert.deepEqual(preloaded.value, preloadedWork);
    assert.doesNotMatch(preloaded.stderr, /Hookline/);
  }
});

test('a program given as ES module code (--input-type=module, with -e and on stdin) has its static imports audited as imports and its import() calls as such, preloaded and hooked', () => {
  const code = "import 'esm-pkg'; import 'node:os'; await import('cjs-pkg');";
  const expected = ['import esm-pkg', 'import node:os', 'dynamic-import cjs-pkg'];
  const flags = ['--import', 'hookline/register', '--input-type=module'];
  const env = { HOOKLINE_PRELOAD: './flags/audit-preload.mjs' };
  const fromArgument = runApp([...flags, '-e', code], env);
  assert.equal(fromArgument.stderr, '');
  assert.deepEqual(JSON.parse(fromArgument.stdout), expected);
  const fromStdin = runNode(flags, { cwd: appDir, env, input: code });
  assert.equal(fromStdin.stderr, '');
  assert.deepEqual(JSON.parse(fromStdin.stdout), expected);
});

test('a TypeScript preload refused because --no-experimental-strip-types turned type stripping off: the error says to drop that flag, not that this Node runs no TypeScript', {
  skip: nodeStripsTypes() ? false : 'this Node strips no types: register.test.ts has its error',
}, () => {
  const result = runApp(
    ['--no-experimental-strip-types', '--import', 'hookline/register', 'print-preloaded.mjs'],
    { HOOKLINE_PRELOAD: './hooks/typed-preload.ts' },
  );
  assert.equal(result.status, 1);
  assert.doesNotMatch(result.stderr, /runs no TypeScript by itself/);
  assert.match(
    result.stderr,
    /Unknown file extension "\.ts".*type stripping is off: drop --no-experimental-strip-types/,
  );
});

test('a program that, after hookline loaded, freezes the prototypes, sets an Error.prepareStackTrace that throws, or deletes process.getBuiltinModule, keeps every module API working', () => {
  for (const alteration of [
    'frozen-prototypes',
    'throwing-prepareStackTrace',
    'delete-getBuiltinModule',
  ]) {
    const { value } = runWithFlags([], `flags/altered-globals.mjs`, {}, [alteration]);
    assert.deepEqual(value, allApisWork, alteration);
  }
});

test("a program that replaces Function.prototype.bind with one that throws, after hookline loaded, keeps hookline's registrations, CommonJS hooks and lazyImport working; ES module imports then fail in Node's own loader, as with any module hook", {
  skip: nodeMajor < 22 ? "Node 20's own loader thread binds functions as it starts" : false,
}, () => {
  const { value } = runWithFlags([], 'flags/altered-globals.mjs', {}, ['throwing-bind']);
  const nodesOwn = 'threw Error: this program binds no function';
  assert.deepEqual(value, {
    ...allApisWork,
    esm: nodesOwn,
    mock: nodesOwn,
    transformedEsm: nodesOwn,
    scheme: nodesOwn,
    audited: ['require cjs-pkg'],
  });
});

test('every module API and the preloads work under --disallow-code-generation-from-strings, --no-addons, --expose-gc, --stack-trace-limit=0 and --enable-source-maps', () => {
  for (const flag of [
    '--disallow-code-generation-from-strings',
    '--no-addons',
    '--expose-gc',
    '--stack-trace-limit=0',
    '--enable-source-maps',
  ]) {
    assert.deepEqual(runWithFlags([flag], 'flags/all-apis.mjs').value, allApisWork, flag);
    const preloaded = runWithFlags(
      [flag, '--import', 'hookline/register'],
      'flags/preloaded.mjs',
      preloadEnv,
    );
    assert.deepEqual(preloaded.value, preloadedWork, flag);
    assert.equal(preloaded.stderr, '', flag);
  }
});

test('every module API and the preloads work with require(esm) turned off (--no-experimental-require-module) or, on Node 20, on by its flag, and with --experimental-default-type=module on Node 20', () => {
  const flags =
    nodeMajor < 22
      ? ['--experimental-require-module', '--experimental-default-type=module']
      : ['--no-experimental-require-module'];
  for (const flag of flags) {
    const run = (args: readonly string[], script: string, env: NodeJS.ProcessEnv = {}) =>
      runWithFlags([flag, '--disable-warning=ExperimentalWarning', ...args], script, env);
    assert.deepEqual(run([], 'flags/all-apis.mjs').value, allApisWork, flag);
    const preloaded = run(['--import', 'hookline/register'], 'flags/preloaded.mjs', preloadEnv);
    assert.deepEqual(preloaded.value, preloadedWork, flag);
    assert.equal(preloaded.stderr, '', flag);
  }
});

test('TypeScript modules Node strips of types (.ts, .mts, .cts) are hooked, mocked, transformed and audited, from a TypeScript program', {
  skip: nodeStripsTypes() ? false : 'this Node strips no types',
}, () => {
  const { value, stderr } = runWithFlags([], 'flags/ts/main.ts');
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    ts: 'hooked ts',
    mts: 42,
    cts: [43, true],
    mocked: true,
    audited: [
      'dynamic-import ./lib.ts',
      'dynamic-import ./lib.mts',
      'require ./lib.cts',
      'dynamic-import ./missing.ts',
    ],
  });
});

test("node --test with hookline/register preloads the hooks in each test file's process", () => {
  const result = runApp(
    [
      '--import',
      'hookline/register',
      '--test',
      '--test-reporter=tap',
      'flags/node-test/hooked.test.mjs',
      'flags/node-test/second.test.mjs',
    ],
    preloadEnv,
  );
  assert.equal(result.status, 0, result.stdout);
  assert.match(result.stdout, /^# pass 2$/m);
});

test('node --watch with hookline/register preloads the hooks again at each restart', async () => {
  // Watched as a folder, which --watch-path watches before the program starts: a file the program
  // imports is watched only once the program reports it, which may be after it printed its line.
  const folder = mkdtempSync(join(tmpdir(), 'hookline-flags-watch-'));
  const runFile = join(folder, 'run.mjs');
  writeFileSync(runFile, 'export const run = 1;\n');
  const child = spawn(
    nodeBinary,
    [
      '--watch',
      `--watch-path=${folder}`,
      '--import',
      'hookline/register',
      'flags/watch/app.mjs',
      runFile,
    ],
    { cwd: appDir, env: { ...process.env, ...preloadEnv, NODE_DEBUG: '' }, stdio: 'pipe' },
  );
  try {
    const runs: unknown[] = [];
    // Each run's line starts the next: the file changes only once the program has run.
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`node --watch exited ${code}`)));
      child.stdout.on('data', (data: Buffer) => {
        buffered += data.toString();
        for (let at = buffered.indexOf('\n'); at !== -1; at = buffered.indexOf('\n')) {
          const line = buffered.slice(0, at);
          buffered = buffered.slice(at + 1);
          if (!line.startsWith('{')) continue;
          runs.push(JSON.parse(line));
          if (runs.length === 3) resolve();
          else writeFileSync(runFile, `export const run = ${runs.length + 1};\n`);
        }
      });
    });
    assert.deepEqual(
      runs,
      [1, 2, 3].map((run) => ({ run, esm: 'hooked esm', cjs: 'hooked cjs' })),
    );
  } finally {
    child.kill();
    rmSync(folder, { recursive: true, force: true });
  }
});

test("a program that freezes node:module's Module before its first hook gets an error saying so and the way out; started with hookline/register, every module API works after the freeze", () => {
  const { value } = runWithFlags([], 'flags/frozen.mjs');
  assert.equal(value['code'], 'ERR_HOOKLINE_FROZEN_TARGET');
  assert.match(
    String(value['message']),
    /objects the program froze .*Add the first hook before the program freezes them, or start hookline before the program runs \(node --import hookline\/register app\.js\)/s,
  );
  const preloaded = runWithFlags(['--import', 'hookline/register'], 'flags/frozen.mjs');
  assert.deepEqual(preloaded.value, allApisWork);
  assert.equal(preloaded.stderr, '');
});

test("under the permission model with --allow-fs-read short of hookline's own module lexer, the ES module a hook selects loads unhooked, and the warning names the file to allow and the flag", () => {
  const flags = [
    permissionFlag,
    `--allow-fs-read=${appDir}`,
    `--allow-fs-read=${join(repoRoot, 'dist')}`,
    `--allow-fs-read=${join(repoRoot, 'package.json')}`,
    '--disable-warning=ExperimentalWarning',
    '--disable-warning=SecurityWarning',
    ...(nodeMajor < 22 ? ['--allow-worker'] : []),
  ];
  const { value } = runWithFlags(flags, 'flags/all-apis.mjs');
  const { warnings, ...rest } = value;
  assert.deepEqual({ ...rest, warnings: [] }, { ...allApisWork, esm: 'hello esm' });
  assert.equal((warnings as string[]).length, 1);
  assert.match(
    (warnings as string[])[0] ?? '',
    // The file Node was refused: the lexer's, or the node_modules folder it resolves through.
    /could not hook \S+esm-pkg\/index\.js; it loads unpatched \(.*the permission model denies reading (\S*node_modules\S*): add --allow-fs-read=\1\)$/,
  );
});

let server: Server | undefined;
let repoUrl = '';

before(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/javascript' });
    response.end("module.exports = { value: 'remote' };");
  });
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  repoUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/`;
});

after(() => {
  server?.closeAllConnections();
  server?.close();
});

test('httpRepository under the permission model: without --allow-worker, the error names that flag; without write access to its cache, modules still load, and one warning names --allow-fs-write for the folder', async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'hookline-flags-repository-'));
  const base = [
    permissionFlag,
    '--allow-fs-read=*',
    '--disable-warning=ExperimentalWarning',
    '--disable-warning=SecurityWarning',
  ];
  const env = { REPO_URL: repoUrl, CACHE_DIR: cacheDir, HOOKLINE_CACHE: '0' };
  try {
    const refused = await runJsonAsync<{ error: { code: string; message: string } }>(
      [...base, 'flags/repository.cjs'],
      env,
    );
    assert.equal(refused.error.code, 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE');
    assert.match(refused.error.message, /permission model.*Add --allow-worker/);
    const unwritable = await runJsonAsync([...base, '--allow-worker', 'flags/repository.cjs'], env);
    assert.deepEqual(unwritable, {
      value: 'remote',
      warnings: [
        `httpRepository cannot keep what it downloads in ${cacheDir}, which the permission model does not let it write: each run downloads its modules again, and what the server sends is not pinned. Add --allow-fs-write=${cacheDir}`,
      ],
    });
    assert.deepEqual(readdirSync(cacheDir), []);
    const written = await runJsonAsync(
      [...base, '--allow-worker', `--allow-fs-write=${cacheDir}`, 'flags/repository.cjs'],
      env,
    );
    assert.deepEqual(written, { value: 'remote', warnings: [] });
    assert.notDeepEqual(readdirSync(cacheDir), []);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
});

test('a program that freezes globalThis before hookline loads can still load it, and its first hook says what was frozen and the way out; started with hookline/register, every module API works after the freeze', () => {
  const { value } = runWithFlags([], 'flags/frozen-global.mjs');
  assert.equal(value['code'], 'ERR_HOOKLINE_FROZEN_TARGET');
  assert.match(
    String(value['message']),
    /objects the program froze .*node --import hookline\/register/s,
  );
  const preloaded = runWithFlags(['--import', 'hookline/register'], 'flags/frozen-global.mjs');
  assert.deepEqual(preloaded.value, allApisWork);
  assert.equal(preloaded.stderr, '');
});

test("under --jitless with --no-experimental-require-module, where hookline can load no module lexer, a selected ES module loads unhooked and the warning names the two flags, not a change to hookline's code", () => {
  const { value } = runWithFlags(
    ['--jitless', '--no-experimental-require-module', '--no-warnings=ExperimentalWarning'],
    'flags/all-apis.mjs',
  );
  const { warnings, ...rest } = value;
  assert.deepEqual({ ...rest, warnings: [] }, { ...allApisWork, esm: 'hello esm' });
  assert.equal((warnings as string[]).length, 1);
  assert.match(
    (warnings as string[])[0] ?? '',
    /could not hook \S+esm-pkg\/index\.js; it loads unpatched \(hookline's module lexer runs as WebAssembly, which --jitless turns off, or as an ES module that require\(\) loads, which --no-experimental-require-module turns off: drop one of the two flags\)$/,
  );
});
