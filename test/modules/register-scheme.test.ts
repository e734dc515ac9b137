import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { nodeHasInThreadHooks, runNode } from '../helpers/run-node.js';
import { appDir, runJson, runJsonAsync } from './fixture.js';

let version: string | undefined;

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The version of the Node under test, as its messages name it. */
function nodeVersion(): string {
  version ??= runNode(['-p', 'process.versions.node']).stdout.trim();
  return version;
}

test('registerScheme loads modules from a scheme for import and require, relative imports stay in the scheme, bad schemes are refused', () => {
  const { value } = runJson<Record<string, unknown>>(['schemes.mjs']);
  assert.equal(value['greet'], 'hi x!');
  assert.deepEqual(value['config'], { fromRequire: true, path: 'repo:team/config.cjs' });
  assert.deepEqual(value['asked'], [
    'repo:team/greeter.js',
    'repo:team/util.js',
    'repo:team/config.cjs',
    'repo:team/missing.js',
  ]);
  assert.equal(value['missing'], 'no module team/missing.js in the repository');
  assert.deepEqual(value['refused'], Array(4).fill('ERR_HOOKLINE_INVALID_ARGUMENT'));
  // A query or fragment after `.json` or `.cjs` leaves the format the extension says.
  const commonJs = { c: 'function' };
  const formats = ['json', 'json', 'json'];
  assert.deepEqual(value['versioned'], [
    { m: 2 },
    commonJs,
    commonJs,
    commonJs,
    { m: 2 },
    [1, 2],
    formats,
  ]);
});

test("a scheme module's packages, #imports and builtins resolve as from the program file that imported it, for import and require", () => {
  const { value } = runJson<Record<string, unknown>>(['scheme-program.mjs']);
  assert.deepEqual(value, {
    esm: 'only-here conf function',
    nested: 'inner only-here',
    required: 'only-here function',
    imported: 'only-here imported',
    missing: {
      code: 'ERR_MODULE_NOT_FOUND',
      message: `Cannot resolve "no-such-package" imported from repo:missing.js: a scheme module's packages, #imports and builtins resolve as from the program file that imported it (${join(appDir, 'scheme-program', 'main.mjs')}), and there: Cannot find package 'no-such-package' imported from ${join(appDir, 'scheme-program', 'main.mjs')}`,
    },
  });
});

test('auditImports reports the requests of scheme modules with the scheme module as importer (packages too) and static imports as imports', () => {
  const { value, stderr } = runJson<string[]>(['scheme-audit.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, [
    'dynamic-import repo:a.js by scheme-audit.mjs',
    'import ./b.js by repo:a.js',
    'import cjs-pkg by repo:a.js',
    'require repo:c.cjs by scheme-audit.mjs',
    'require ./d.cjs by repo:c.cjs',
    'require cjs-pkg by repo:c.cjs',
  ]);
});

test('require() of an ES module from a scheme resolves its relative imports inside the scheme, where require(esm) passes the in-thread hooks, and is refused with the way out elsewhere', () => {
  const { value, stderr } = runJson<Record<string, unknown>>(['scheme-require-esm.cjs']);
  assert.equal(stderr, '');
  if (value['inThread']) {
    assert.deepEqual(value, {
      inThread: true,
      asked: ['repo:team/main.js', 'repo:team/helper.js', 'repo:shared/deep.js'],
      value: 'main+helper+deep',
    });
    return;
  }
  assert.deepEqual(value, {
    inThread: false,
    asked: ['repo:team/main.js'],
    error: {
      code: 'ERR_HOOKLINE_REQUIRE_ESM',
      message: `require repo:team/main.js: Expected a CommonJS or JSON module (format 'commonjs' or 'json', or a .cjs or .json path) but got an ES module. require() on Node ${nodeVersion()} cannot load an ES module from a scheme; import it instead.`,
    },
  });
});

test('an async scheme loader is awaited where modules load off-thread, and refused with a clear code where they load in-thread', () => {
  const { value } = runJson<Record<string, unknown>>(['schemes.mjs']);
  if (value['later'] === 'ERR_HOOKLINE_ASYNC_LOADER') return;
  assert.equal(value['later'], 'some/thing');
  assert.equal(value['asyncRequire'], 'ERR_HOOKLINE_ASYNC_LOADER');
  // The scheme says { async: true } already: the way out is import, not that option.
  assert.equal(
    value['asyncRequireMessage'],
    'require later:x: Expected a synchronous loader for later:, since require loads synchronously but got a promise. Load the modules of later: with import or import(), which wait for its promise on this Node, or return { source, format } synchronously (httpRepository() does).',
  );
});

test('a scheme loader that returns a promise without { async: true } is refused at its first import on every Node (Node 20 could wait, Node 24 cannot), with the way out that works on this Node', () => {
  const { value } = runJson<Record<string, { code: string; message: string } | string>>([
    'scheme-promise.mjs',
  ]);
  const refused = (how: string, fix: string) => ({
    code: 'ERR_HOOKLINE_ASYNC_LOADER',
    message: `${how} later:${how === 'import' ? 'x' : 'y'}.cjs: Expected a synchronous loader for later:, since ${how} loads synchronously but got a promise. ${fix}`,
  });
  if (nodeHasInThreadHooks()) {
    // { async: true } is refused at registration here: the advice must not name it.
    const fix = `Return { source, format } synchronously, as httpRepository() does (it fetches through a helper thread): on Node ${nodeVersion()} modules load in-thread, and no hook can wait for a promise while one loads.`;
    assert.deepEqual(value, { import: refused('import', fix), require: refused('require', fix) });
    return;
  }
  // Node 20's loader thread could wait for the promise, but a program that relied on it would
  // fail on Node 24 at its first import: both refuse it, and here the way out names the option.
  const fix =
    'Return { source, format } synchronously (httpRepository() does), or register the scheme with { async: true } and load it with import.';
  assert.deepEqual(value, {
    import: {
      code: 'ERR_HOOKLINE_ASYNC_LOADER',
      message: `import later:x.cjs: Expected a synchronous loader for later: (it was registered without { async: true }) but got a promise. ${fix}`,
    },
    require: refused('require', fix),
  });
});

test('a scheme loader that answers with something other than { source, format? } fails the import and the require naming the module and what was wrong with the answer', () => {
  const { value } = runJson<Record<string, { code: string; message: string }>>([
    'scheme-bad-results.mjs',
  ]);
  const refused = (url: string, received: string) => ({
    code: 'ERR_HOOKLINE_SCHEME_LOAD',
    message: `the loader of ${url}: Expected { source: string | Uint8Array, format?: 'module' | 'commonjs' | 'json' } but got ${received}. Return the module source from the loader, for example { source: "export default 1" }.`,
  });
  assert.deepEqual(value, {
    'import string': refused('bad:string', 'the string "export default 1"'),
    'import undefined': refused('bad:undefined', 'undefined'),
    'import number': refused('bad:number', 'an object whose source is number 5'),
    'import text': refused('bad:text', 'an object without source (its keys: text)'),
    'import wasm': refused('bad:wasm', "an object whose format is 'wasm'"),
    'import esm': refused('bad:esm', "an object whose format is 'esm'"),
    'require esm': refused('bad:esm.cjs', "an object whose format is 'esm'"),
  });
});

test("a scheme module names its neighbours with import.meta.resolve; new URL('./b', import.meta.url) throws, as for any URL with no / after its colon", () => {
  const { value } = runJson<Record<string, unknown>>(['scheme-meta.mjs']);
  assert.deepEqual(value, {
    url: 'mem:team/a',
    resolved: 'mem:team/b',
    joined: 'ERR_INVALID_URL',
    b: 'b',
  });
});

const modules: Record<string, string> = {
  '/repo/team/first.js': "export const greet = 'first';",
  '/repo/team/greeter.js':
    "export const greet = (name) => 'hello ' + name + ' from the repository';",
  '/repo/team/second.js': "export const greet = 'second';",
  '/repo/team/settings.cjs': "module.exports = { mode: 'remote' };",
  '/repo/team/threads.js': "export const greet = (name) => 'hello ' + name + ' in each thread';",
  '/repo/team/util.js': "export const greet = 'util';",
  '/repo/team/uses-util.js': "export { greet } from './util.js';",
};
let server: Server;
let requests: string[] = [];
/** How often team/changing.js was served: each download of it gets other bytes. */
let changes = 0;
let base = '';
const cacheDir = mkdtempSync(join(tmpdir(), 'hookline-repository-'));

before(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    // Never answered: for the timeout.
    if (request.url?.startsWith('/hang/')) return;
    const body =
      request.url === '/repo/team/changing.js'
        ? `export const greet = 'version ${++changes}';`
        : modules[request.url ?? ''];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/javascript' });
    response.end(body ?? 'not found');
  });
  base = `${await listenOnLoopback(server)}/repo/`;
});

after(() => {
  closeServer(server);
  rmSync(cacheDir, { recursive: true, force: true });
});

test('httpRepository fetches over HTTP, caches on disk, records integrity, and refuses changed or tampered modules', async () => {
  const env = { REPO_URL: base, CACHE_DIR: cacheDir };
  // First run: downloaded, cached, hashes recorded.
  requests = [];
  assert.deepEqual(await runJsonAsync(['repository.mjs'], env), {
    greet: 'hello x from the repository',
    required: 'remote',
  });
  assert.deepEqual(requests, ['/repo/team/greeter.js', '/repo/team/settings.cjs']);
  // A pin file a module: integrity/<sha256 of the URL>.json, as { url: hash }.
  const greeter = `${base}team/greeter.js`;
  const pin = JSON.parse(
    readFileSync(join(cacheDir, 'integrity', `${sha256Hex(greeter)}.json`), 'utf8'),
  ) as Record<string, string>;
  assert.deepEqual(pin, {
    [greeter]: `sha384-${createHash('sha384')
      .update(modules['/repo/team/greeter.js'] ?? '')
      .digest('base64')}`,
  });
  assert.equal(readdirSync(join(cacheDir, 'integrity')).length, 2);
  assert.equal(readdirSync(cacheDir).length, 3);

  // Second run: from the cache, no request.
  requests = [];
  assert.equal(
    (await runJsonAsync(['repository.mjs'], env))['greet'],
    'hello x from the repository',
  );
  assert.deepEqual(requests, []);

  // The cached copy is tampered with: refused, naming the lock file.
  for (const file of readdirSync(cacheDir).filter((f) => f.endsWith('.js'))) {
    rmSync(join(cacheDir, file));
  }
  modules['/repo/team/greeter.js'] = 'export const greet = () => "evil";';
  const changed = await runJsonAsync<{ error: { code: string; message: string } }>(
    ['repository.mjs'],
    env,
  );
  assert.equal(changed.error.code, 'ERR_HOOKLINE_INTEGRITY');
  assert.match(
    changed.error.message,
    /changed since it was first downloaded\. If that is intended, delete .*integrity[\\/][\da-f]{64}\.json\.$/,
  );

  // An integrity pinned by the program wins over the server.
  const pinned = await runJsonAsync<{ error: { code: string; message: string } }>(
    ['repository.mjs'],
    {
      ...env,
      INTEGRITY: JSON.stringify({ 'team/greeter': `sha256-${'A'.repeat(43)}=` }),
    },
  );
  assert.equal(pinned.error.code, 'ERR_HOOKLINE_INTEGRITY');
  assert.match(
    pinned.error.message,
    /Expected content with integrity sha256-A{43}= but got content hashing to sha256-/,
  );
});

test('httpRepository in two threads of one process downloading the same module into an empty cache gives it to both', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-repository-'));
  try {
    const value = await runJsonAsync(
      ['-r', './hooks/hold-worker-rename.cjs', 'repository-threads.mjs'],
      { REPO_URL: base, CACHE_DIR: dir },
    );
    const greeting = 'hello x in each thread';
    assert.deepEqual(value, { main: greeting, worker: greeting });
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.endsWith('.tmp')),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('httpRepository in two threads pinning two modules at once keeps both pins: a tampered cached copy of either is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-repository-'));
  try {
    // The worker has read what is pinned and holds its pin; the main thread pins its module.
    const raced = await runJsonAsync(
      ['-r', './hooks/hold-worker-write.cjs', 'repository-race.mjs'],
      {
        REPO_URL: base,
        CACHE_DIR: dir,
        MAIN: 'repo:team/first',
        WORKER: 'repo:team/second',
        HOLD_WRITES_TO: '(^|[\\\\/])integrity(\\.json$|[\\\\/])',
      },
    );
    assert.deepEqual(raced, { held: true, main: 'first', worker: 'second' });
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
      writeFileSync(join(dir, file), "export const greet = 'tampered';");
    }
    const specifiers = ['repo:team/first', 'repo:team/second'];
    assert.deepEqual(
      await runJsonAsync(['repository-pins.mjs'], {
        REPO_URL: base,
        CACHE_DIR: dir,
        INTEGRITY: '{}',
        SPECIFIERS: JSON.stringify(specifiers),
      }),
      Object.fromEntries(specifiers.map((s) => [s, 'ERR_HOOKLINE_INTEGRITY'])),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('httpRepository in two threads pinning one module the server changed between their downloads: the first pin stays, the other copy is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-repository-'));
  try {
    // The worker downloaded version 1 and holds its first write; the main thread downloads and
    // pins version 2.
    changes = 0;
    const raced = await runJsonAsync<{ held: boolean; main: string; worker: string }>(
      ['-r', './hooks/hold-worker-write.cjs', 'repository-race.mjs'],
      { REPO_URL: base, CACHE_DIR: dir, MAIN: 'repo:team/changing', WORKER: 'repo:team/changing' },
    );
    assert.equal(raced.held, true);
    assert.equal(raced.main, 'version 2');
    assert.match(
      raced.worker,
      /^ERR_HOOKLINE_INTEGRITY: repo:team\/changing .*Expected content with integrity sha384-.* but got content hashing to sha384-/,
    );
    // The cache holds the copy that was pinned.
    requests = [];
    assert.deepEqual(
      await runJsonAsync(['repository-pins.mjs'], {
        REPO_URL: base,
        CACHE_DIR: dir,
        INTEGRITY: '{}',
        SPECIFIERS: '["repo:team/changing"]',
      }),
      { 'repo:team/changing': 'version 2' },
    );
    assert.deepEqual(requests, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('httpRepository pins only what the server sent: a cached copy nothing pins is downloaded again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-repository-'));
  try {
    // As a lost pin, or a run with { lock: false }, would leave it.
    writeFileSync(
      join(dir, `${sha256Hex(`${base}team/util.js`)}.js`),
      "export const greet = 'tampered';",
    );
    requests = [];
    const run = () =>
      runJsonAsync(['repository-pins.mjs'], {
        REPO_URL: base,
        CACHE_DIR: dir,
        INTEGRITY: '{}',
        SPECIFIERS: '["repo:team/util"]',
      });
    assert.deepEqual(await run(), { 'repo:team/util': 'util' });
    assert.deepEqual(requests, ['/repo/team/util.js']);
    // Pinned and cached now: no request.
    requests = [];
    assert.deepEqual(await run(), { 'repo:team/util': 'util' });
    assert.deepEqual(requests, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('httpRepository refuses a pin file that holds no hash for its module, rather than pin the module anew', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-repository-'));
  try {
    mkdirSync(join(dir, 'integrity'));
    const util = `${base}team/util.js`;
    for (const text of ['', '{"https://elsewhere.example/util.js":"sha384-x"}', `{"${util}":1}`]) {
      writeFileSync(join(dir, 'integrity', `${sha256Hex(util)}.json`), text);
      assert.deepEqual(
        await runJsonAsync(['repository-pins.mjs'], {
          REPO_URL: base,
          CACHE_DIR: dir,
          INTEGRITY: '{}',
          SPECIFIERS: '["repo:team/util"]',
        }),
        { 'repo:team/util': 'ERR_HOOKLINE_INTEGRITY' },
        text,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('httpRepository still honours the pins of an integrity.json, where earlier versions recorded them all, and adds none to it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-repository-'));
  const sri = (path: string) =>
    `sha384-${createHash('sha384')
      .update(modules[path] ?? '')
      .digest('base64')}`;
  const run = () =>
    runJsonAsync<{ error?: { code: string; message: string } }>(['repository.mjs'], {
      REPO_URL: base,
      CACHE_DIR: dir,
    });
  try {
    // Pinned there: loaded, and not pinned again.
    const lock = {
      [`${base}team/greeter.js`]: sri('/repo/team/greeter.js'),
      [`${base}team/settings.cjs`]: sri('/repo/team/settings.cjs'),
    };
    writeFileSync(join(dir, 'integrity.json'), JSON.stringify(lock));
    assert.equal((await run()).error, undefined);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'integrity.json'), 'utf8')), lock);
    assert.ok(!readdirSync(dir).includes('integrity'));

    lock[`${base}team/greeter.js`] = `sha384-${'A'.repeat(64)}`;
    writeFileSync(join(dir, 'integrity.json'), JSON.stringify(lock));
    const { error } = await run();
    assert.equal(error?.code, 'ERR_HOOKLINE_INTEGRITY');
    assert.match(
      error?.message ?? '',
      /changed since it was first downloaded\. If that is intended, remove its line from .*integrity\.json\.$/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an httpRepository pin holds for its module file however the import spells it', async () => {
  const specifiers = ['repo:team/util', 'repo:team/util.js', 'repo:team/uses-util'];
  const run = (integrity: Record<string, string>) =>
    runJsonAsync<Record<string, string>>(['repository-pins.mjs'], {
      REPO_URL: base,
      CACHE_DIR: mkdtempSync(join(cacheDir, 'pins-')),
      INTEGRITY: JSON.stringify(integrity),
      SPECIFIERS: JSON.stringify(specifiers),
    });
  const refused = Object.fromEntries(specifiers.map((s) => [s, 'ERR_HOOKLINE_INTEGRITY']));
  const wrong = `sha384-${'A'.repeat(64)}`;
  // Pinned without the extension, with it, or with a leading "./": all three imports are checked.
  assert.deepEqual(await run({ 'team/util': wrong }), refused);
  assert.deepEqual(await run({ 'team/util.js': wrong }), refused);
  assert.deepEqual(await run({ './team/util': wrong }), refused);
  const right = `sha512-${createHash('sha512')
    .update(modules['/repo/team/util.js'] ?? '')
    .digest('base64')}`;
  assert.deepEqual(
    await run({ 'team/util': right }),
    Object.fromEntries(specifiers.map((s) => [s, 'util'])),
  );
});

test('httpRepository refuses a pin that is not in Subresource Integrity form, naming its key, before anything happens', async () => {
  for (const [integrity, key, received] of [
    [{ 'team/util': 'sha256:0123abcd' }, 'team/util', 'the string "sha256:0123abcd"'],
    [{ 'team/util': 'sha384-AAAA' }, 'team/util', 'the string "sha384-AAAA"'],
    [{ 'team/util': 'md5-1B2M2Y8AsgTpgAmY7PhCfg==' }, 'team/util', 'the string "md5-'],
    [{ a: 42 }, 'a', 'number 42'],
  ] as const) {
    const cacheDir = join(tmpdir(), `hookline-repository-refused-${process.pid}`);
    const { refused, cacheCreated } = await runJsonAsync<{
      refused: { code: string; message: string };
      cacheCreated: boolean;
    }>(['repository-pins.mjs'], {
      REPO_URL: base,
      CACHE_DIR: cacheDir,
      INTEGRITY: JSON.stringify(integrity),
      SPECIFIERS: '[]',
    });
    assert.equal(refused.code, 'ERR_HOOKLINE_INVALID_ARGUMENT');
    assert.ok(
      refused.message.startsWith(
        `httpRepository({ integrity: { ${JSON.stringify(key)}: … } }): Expected sha256-…|sha384-…|sha512-… with the base64 digest`,
      ),
      refused.message,
    );
    assert.ok(refused.message.includes(`but got ${received}`), refused.message);
    assert.equal(cacheCreated, false);
  }
});

test('httpRepository failures carry a code saying which: an HTTP status other than 200, no connection, no answer in time', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const origin = new URL(base).origin;
  for (const [url, timeout, code, received] of [
    [base, '', 'ERR_HOOKLINE_REPOSITORY_STATUS', 'HTTP 404'],
    [`http://127.0.0.1:${closedPort}/repo/`, '', 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE', 'none ('],
    [`${origin}/hang/`, '100', 'ERR_HOOKLINE_REPOSITORY_TIMEOUT', 'none'],
  ] as const) {
    const result = await runJsonAsync<Record<string, { code: string; message: string }>>(
      ['repository-errors.mjs'],
      { REPO_URL: url, CACHE_DIR: mkdtempSync(join(cacheDir, 'errors-')), TIMEOUT: timeout },
    );
    for (const how of ['import', 'require']) {
      const error = result[how];
      assert.equal(error?.code, code, `${how} from ${url}: ${JSON.stringify(error)}`);
      assert.ok(
        error.message.startsWith(`repo:team/missing.js (${url}team/missing.js): Expected `) &&
          error.message.includes(` but got ${received}`),
        error.message,
      );
    }
  }
});

test("a scheme loader's error fails the import with its message, and its stack shows the loader's line (Node 20's loader thread too)", () => {
  const { value, stderr } = runJson(['scheme-loader-throws.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, { message: 'cannot fetch broken:x.js', loaderFrame: true });
});

test("a scheme's modules are modules like any other: transforms, onImport by name and by pattern, and mocks apply to them; a hook naming one by its URL applies when it is reached by a relative specifier", () => {
  const { value, stderr } = runJson(['scheme-hooked.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    esm: 'transformed +pattern +name',
    mocked: 'mocked',
    required: 'transformed +pattern',
    // The outer module is the pattern's too.
    relative: Array(2).fill('transformed +pattern +url +pattern'),
  });
});
