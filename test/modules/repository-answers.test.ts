import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { runNode } from '../helpers/run-node.js';
import { runJsonAsync } from './fixture.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const LOGIN_PAGE =
  '\ufeff \r\n\t<!DOCTYPE html>\n<html>\n  <head><title>Sign in</title></head>\n  <body>Please sign in to continue to the module repository of the team</body>\n</html>\n';

/** Serves `body` with `type` as its content type. */
function answer(body: string, type: string): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': type });
    response.end(body);
  };
}

/** A module the server sends compressed. */
const PACKED = `export const greet = 'unpacked ${'x'.repeat(64)}'.slice(0, 16);`;
/** What the module server does once it is fixed: team/fixed.js is a module then. */
let fixed = false;
/** What a client sends for user "reader" with password "p@ss word" (Basic authentication). */
const BASIC = `Basic ${Buffer.from('reader:p@ss word').toString('base64')}`;
/** Whether team/empty.js has its source yet: a server that answers 200 with nothing, then fixed. */
let filled = false;
/** The version of team/versioned.js the server sends, and the paths it was asked for. */
let version = 1;
let requests: string[] = [];
const versioned = (n: number) => `export const greet = 'version ${n}';`;
const routes: Record<string, Handler> = {
  '/repo/team/login.js': answer(LOGIN_PAGE, 'text/html; charset=utf-8'),
  '/repo/team/login.cjs': answer(LOGIN_PAGE, 'text/html; charset=utf-8'),
  '/repo/team/page.js': answer('<?xml version="1.0"?>\n<html/>', 'Application/XHTML+XML'),
  '/repo/team/script.js': answer("export const greet = 'served as a page';", 'text/html'),
  '/repo/team/script.cjs': answer("exports.greet = 'served as a page';", 'text/html'),
  '/repo/team/fixed.js': (request, response) =>
    fixed
      ? answer("export const greet = 'fixed';", 'text/javascript')(request, response)
      : answer(LOGIN_PAGE, 'text/html')(request, response),
  '/repo/team/private.js': (_request, response) => {
    response.writeHead(302, { location: '/sso/login?next=%2Frepo%2Fteam%2Fprivate.js' });
    response.end();
  },
  '/repo/team/empty.js': (request, response) =>
    filled
      ? answer("export const greet = 'filled';", 'text/javascript')(request, response)
      : answer('', 'text/javascript')(request, response),
  '/repo/team/empty.cjs': answer('', 'application/javascript'),
  '/repo/team/basic.js': (request, response) => {
    const allowed = request.headers.authorization === BASIC;
    response.writeHead(allowed ? 200 : 401, { 'content-type': 'text/javascript' });
    response.end(allowed ? "export const greet = 'signed in';" : 'unauthorized');
  },
  '/repo/team/versioned.js': (request, response) =>
    answer(versioned(version), 'text/javascript')(request, response),
  '/repo/team/cut.js': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/javascript', 'content-length': '1000' });
    response.write("export const greet = 'cut", () => response.destroy());
  },
  '/repo/team/slow.js': (_request, response) => {
    // Never ended: the timeout runs out while the module downloads.
    response.writeHead(200, { 'content-type': 'text/javascript' });
    response.write("export const greet = 'slow");
  },
  '/repo/team/loop.js': (_request, response) => {
    response.writeHead(302, { location: '/repo/team/loop.js?again' });
    response.end();
  },
  '/repo/team/moved.js': (request, response) => {
    // To another host (localhost for 127.0.0.1), which wants the token too.
    response.writeHead(302, {
      location: `http://localhost:${request.socket.localPort}/cdn/moved.js`,
    });
    response.end();
  },
  '/cdn/moved.js': (request, response) => {
    const allowed = request.headers.authorization === 'Bearer token';
    response.writeHead(allowed ? 200 : 401, { 'content-type': 'text/javascript' });
    response.end(allowed ? "export const greet = 'moved';" : 'unauthorized');
  },
  '/repo/team/gone.js': (_request, response) => {
    response.writeHead(301, { location: '/repo/old/gone.js' });
    response.end();
  },
  '/repo/team/gzip.js': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/javascript', 'content-encoding': 'gzip' });
    response.end(gzipSync(PACKED));
  },
  '/repo/team/br.js': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/javascript', 'content-encoding': 'br' });
    response.end(brotliCompressSync(PACKED));
  },
  '/repo/team/limited.js': (_request, response) => {
    response.writeHead(429, { 'retry-after': '120' });
    response.end('slow down');
  },
  '/repo/team/lib.v2.js': answer("export const greet = 'lib.v2.js';", 'text/javascript'),
  '/repo/utils.string.js': answer("export const greet = 'utils.string.js';", 'text/javascript'),
  '/repo/team/lib.v2.cjs': answer("exports.greet = 'lib.v2.cjs';", 'text/javascript'),
  '/repo/team/data.json': answer('{ "greet": "data.json" }', 'application/json'),
  '/repo/team/lib.v2.mjs': answer("export const greet = 'lib.v2.mjs';", 'text/javascript'),
  '/sso/login': answer('<html><body>Sign in</body></html>', 'text/html'),
};
let server: Server;
let base = '';
const cacheRoot = mkdtempSync(join(tmpdir(), 'hookline-repository-answers-'));

before(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const route = routes[new URL(request.url ?? '', 'http://localhost').pathname];
    if (route) return route(request, response);
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  base = `${await listenOnLoopback(server)}/repo/`;
});

after(() => {
  closeServer(server);
  rmSync(cacheRoot, { recursive: true, force: true });
});

interface Failure {
  name: string;
  code: string;
  message: string;
  details: { where: string; expected: string; received: string; fix: string };
}

function run(
  lists: { imports?: string[]; requires?: string[] },
  cacheDir = mkdtempSync(join(cacheRoot, 'run-')),
  options: object = {},
  preload: string[] = [],
): Promise<Record<string, unknown>> {
  return runJsonAsync([...preload, 'repository-answers/main.mjs'], {
    READ_ONLY_DIR: cacheDir,
    REPO_URL: base,
    CACHE_DIR: cacheDir,
    IMPORTS: JSON.stringify(lists.imports ?? []),
    REQUIRES: JSON.stringify(lists.requires ?? []),
    OPTIONS: JSON.stringify(options),
  });
}

const PAGE_FIX =
  'A login page, a proxy, or a site that serves a page for any path answered in place of the module repository: check the url option (the folder the modules are served from), the credentials in the headers option, and any proxy in between. Nothing was cached or pinned: once the server sends the module, it loads.';

test('an HTML page that a server answers 200 with is refused for import and require, naming the module, the URL, the status, the content type and the start of the page, with the way out', async () => {
  const value = await run({
    imports: ['repo:team/login.js', 'repo:team/page.js', 'repo:team/private.js'],
    requires: ['repo:team/login.cjs'],
  });
  const refused = (path: string, received: string): Failure => {
    const where = `repo:team/${path} (${base}team/${path})`;
    const expected = "the module's source";
    return {
      name: 'Error',
      code: 'ERR_HOOKLINE_REPOSITORY_CONTENT',
      message: `${where}: Expected ${expected} but got ${received}. ${PAGE_FIX}`,
      details: { where, expected, received, fix: PAGE_FIX },
    };
  };
  const login =
    'HTTP 200 with an HTML page (content-type text/html; charset=utf-8): "<!DOCTYPE html> <html> <head><title>Sign in</title></head> <body>Please sign in…"';
  assert.deepEqual(value, {
    'import repo:team/login.js': refused('login.js', login),
    'import repo:team/page.js': refused(
      'page.js',
      'HTTP 200 with an HTML page (content-type Application/XHTML+XML): "<?xml version=\\"1.0\\"?> <html/>"',
    ),
    'import repo:team/private.js': refused(
      'private.js',
      `HTTP 200 with an HTML page (content-type text/html), after a redirect to ${new URL(base).origin}/sso/login?next=%2Frepo%2Fteam%2Fprivate.js: "<html><body>Sign in</body></html>"`,
    ),
    'require repo:team/login.cjs': refused('login.cjs', login),
  });
});

test('an HTML page in place of a module is neither cached nor pinned: once the server sends the module, the next run loads it', async () => {
  const cacheDir = mkdtempSync(join(cacheRoot, 'fixed-'));
  fixed = false;
  const first = await run({ imports: ['repo:team/fixed.js'] }, cacheDir);
  assert.equal(
    (first['import repo:team/fixed.js'] as Failure).code,
    'ERR_HOOKLINE_REPOSITORY_CONTENT',
  );
  assert.deepEqual(readdirSync(cacheDir), []);
  fixed = true;
  assert.deepEqual(await run({ imports: ['repo:team/fixed.js'] }, cacheDir), {
    'import repo:team/fixed.js': 'fixed',
  });
});

test('an empty answer of status 200 is refused for import and require, naming the module, the URL and the status, and is neither cached nor pinned: once the server sends the module, it loads', async () => {
  const cacheDir = mkdtempSync(join(cacheRoot, 'empty-'));
  filled = false;
  const fix =
    'A server or proxy that answers 200 with nothing (an error it does not report, a path it routes nowhere) would otherwise have the module pinned as empty: check the url option and the server. Nothing was cached or pinned: once the server sends the module, it loads. A module meant to be empty loads once it holds a comment.';
  const refused = (path: string): Failure => {
    const where = `repo:team/${path} (${base}team/${path})`;
    const expected = "the module's source";
    const received = 'HTTP 200 with an empty body';
    return {
      name: 'Error',
      code: 'ERR_HOOKLINE_REPOSITORY_CONTENT',
      message: `${where}: Expected ${expected} but got ${received}. ${fix}`,
      details: { where, expected, received, fix },
    };
  };
  assert.deepEqual(
    await run({ imports: ['repo:team/empty.js'], requires: ['repo:team/empty.cjs'] }, cacheDir),
    {
      'import repo:team/empty.js': refused('empty.js'),
      'require repo:team/empty.cjs': refused('empty.cjs'),
    },
  );
  assert.deepEqual(readdirSync(cacheDir), []);
  filled = true;
  assert.deepEqual(await run({ imports: ['repo:team/empty.js'] }, cacheDir), {
    'import repo:team/empty.js': 'filled',
  });
});

test('an empty cached copy pinned as empty (by a version that took empty answers) is not loaded as the module: it is downloaded again, and the pin names its file to delete', async () => {
  const cacheDir = mkdtempSync(join(cacheRoot, 'empty-pinned-'));
  const remote = `${base}team/script.js`;
  const name = createHash('sha256').update(remote).digest('hex');
  writeFileSync(join(cacheDir, `${name}.js`), '');
  const empty = `sha384-${createHash('sha384').update('').digest('base64')}`;
  const pinFile = join(cacheDir, 'integrity', `${name}.json`);
  mkdirSync(join(cacheDir, 'integrity'));
  writeFileSync(pinFile, JSON.stringify({ [remote]: empty }));
  requests = [];
  const value = await run({ imports: ['repo:team/script.js'] }, cacheDir);
  const failure = value['import repo:team/script.js'] as Failure;
  assert.equal(failure.code, 'ERR_HOOKLINE_INTEGRITY');
  assert.match(
    failure.details.fix,
    new RegExp(`delete ${pinFile.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`),
  );
  assert.deepEqual(requests, ['/repo/team/script.js']);
});

test('a module path that leads out of the repository folder (.., %2e%2e, a leading /) is refused without a request, rather than fetched from elsewhere on the server with the headers', async () => {
  requests = [];
  const specifiers = ['repo:../outside', 'repo:/team/script.js', 'repo:team/%2e%2e/%2e%2e/x'];
  const value = await run({ imports: specifiers, requires: ['repo:team/../../x.cjs'] });
  const origin = new URL(base).origin;
  const refused = (specifier: string, remote: string) => ({
    where: specifier,
    expected: `a module path under the url option, ${base}`,
    received: `a path that leads out of it, to ${origin}${remote}`,
    fix: 'Import the module by its path under the url option (repo:team/util for <url>team/util.js), or register another scheme for the folder it is served from. Nothing was fetched.',
  });
  const failed = (key: string) => {
    const { code, details } = value[key] as Failure;
    return { code, details };
  };
  const code = 'ERR_HOOKLINE_INVALID_ARGUMENT';
  assert.deepEqual(failed('import repo:../outside'), {
    code,
    details: refused('repo:../outside', '/outside.js'),
  });
  assert.deepEqual(failed('import repo:/team/script.js'), {
    code,
    details: refused('repo:/team/script.js', '/team/script.js'),
  });
  assert.deepEqual(failed('import repo:team/%2e%2e/%2e%2e/x'), {
    code,
    details: refused('repo:team/%2e%2e/%2e%2e/x', '/x.js'),
  });
  assert.equal((value['require repo:team/../../x.cjs'] as Failure).code, code);
  assert.deepEqual(requests, []);
});

test('a module path with an encoded / or \\ (%2f, %5c), which a server that decodes it may take out of the repository folder, is refused without a request', async () => {
  requests = [];
  const specifiers = ['repo:team%2f..%2f..%2fx', 'repo:team/%5C..%5Cx'];
  const value = await run({ imports: specifiers, requires: ['repo:team%2Fscript.cjs'] });
  for (const key of [...specifiers.map((s) => `import ${s}`), 'require repo:team%2Fscript.cjs']) {
    const { code, details } = value[key] as Failure;
    assert.equal(code, 'ERR_HOOKLINE_INVALID_ARGUMENT', key);
    assert.match(details.received, /an encoded \/ or \\ \(%2f, %5c\)/, key);
  }
  assert.deepEqual(requests, []);
});

test('a module path with a dot in its last segment that is no module extension (repo:team/lib.v2, repo:utils.string) gets the default extension, as one without a dot does; .js, .mjs, .cjs, .json and the extension option are kept', async () => {
  requests = [];
  const pin = `sha384-${createHash('sha384').update("export const greet = 'lib.v2.js';").digest('base64')}`;
  const value = await run(
    {
      imports: ['repo:team/lib.v2', 'repo:utils.string', 'repo:team/lib.v2.js'],
      requires: ['repo:team/lib.v2.cjs', 'repo:team/data.json'],
    },
    undefined,
    { integrity: { 'team/lib.v2': pin } },
  );
  assert.deepEqual(value, {
    'import repo:team/lib.v2': 'lib.v2.js',
    'import repo:utils.string': 'utils.string.js',
    'import repo:team/lib.v2.js': 'lib.v2.js',
    'require repo:team/lib.v2.cjs': 'lib.v2.cjs',
    'require repo:team/data.json': 'data.json',
  });
  assert.deepEqual(requests.toSorted(), [
    '/repo/team/data.json',
    '/repo/team/lib.v2.cjs',
    '/repo/team/lib.v2.js',
    '/repo/utils.string.js',
  ]);
  // With extension: '.mjs', a path ending in .mjs keeps it, and one ending in .v2 gets it.
  requests = [];
  assert.deepEqual(
    await run({ imports: ['repo:team/lib.v2', 'repo:team/lib.v2.mjs'] }, undefined, {
      extension: '.mjs',
    }),
    { 'import repo:team/lib.v2': 'lib.v2.mjs', 'import repo:team/lib.v2.mjs': 'lib.v2.mjs' },
  );
  assert.deepEqual(requests, ['/repo/team/lib.v2.mjs']);
});

test('a url with a user name and password signs in with them (HTTP Basic), as curl and npm do, and no message or pin file shows the password', async () => {
  const cacheDir = mkdtempSync(join(cacheRoot, 'basic-'));
  const signedIn = base.replace('http://', 'http://reader:p%40ss%20word@');
  const value = await runJsonAsync<Record<string, unknown>>(['repository-answers/main.mjs'], {
    REPO_URL: signedIn,
    CACHE_DIR: cacheDir,
    IMPORTS: '["repo:team/basic.js", "repo:team/missing.js"]',
  });
  assert.equal(value['import repo:team/basic.js'], 'signed in');
  const missing = value['import repo:team/missing.js'] as Failure;
  assert.equal(missing.code, 'ERR_HOOKLINE_REPOSITORY_STATUS');
  assert.equal(missing.details.where, `repo:team/missing.js (${base}team/missing.js)`);
  const pins = readdirSync(join(cacheDir, 'integrity')).map((name) =>
    readFileSync(join(cacheDir, 'integrity', name), 'utf8'),
  );
  assert.deepEqual(
    pins.map((pin) => Object.keys(JSON.parse(pin) as object)),
    [[`${base}team/basic.js`]],
  );
});

test('a module a server labels text/html loads as before when its body is no page (it does not start with <)', async () => {
  assert.deepEqual(
    await run({ imports: ['repo:team/script.js'], requires: ['repo:team/script.cjs'] }),
    {
      'import repo:team/script.js': 'served as a page',
      'require repo:team/script.cjs': 'served as a page',
    },
  );
});

test('pinning a new version of a module in the integrity option takes it, where the cache and the pin file hold the old one; the next run without the option keeps the new one', async () => {
  const cacheDir = mkdtempSync(join(cacheRoot, 'versions-'));
  const imports = ['repo:team/versioned.js'];
  version = 1;
  assert.deepEqual(await run({ imports }, cacheDir), {
    'import repo:team/versioned.js': 'version 1',
  });
  version = 2;
  const pin = `sha384-${createHash('sha384').update(versioned(2)).digest('base64')}`;
  requests = [];
  assert.deepEqual(await run({ imports }, cacheDir, { integrity: { 'team/versioned': pin } }), {
    'import repo:team/versioned.js': 'version 2',
  });
  assert.deepEqual(requests, ['/repo/team/versioned.js']);
  // Cached and pinned as version 2: no request, and no refusal for a change since the first run.
  requests = [];
  assert.deepEqual(await run({ imports }, cacheDir), {
    'import repo:team/versioned.js': 'version 2',
  });
  assert.deepEqual(requests, []);
});

test('a download that breaks off after the server answered says so, with how much came, rather than that no connection or no answer came; a redirect loop is named as one', async () => {
  const value = await run(
    { imports: ['repo:team/cut.js', 'repo:team/slow.js', 'repo:team/loop.js'] },
    undefined,
    {
      timeout: 500,
    },
  );
  const failed = (name: string) => {
    const { code, message } = value[`import repo:team/${name}`] as Failure;
    return { code, message };
  };
  const where = (name: string) => `repo:team/${name} (${base}team/${name})`;
  assert.deepEqual(failed('cut.js'), {
    code: 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE',
    message: `${where('cut.js')}: Expected the whole module (1000 bytes, as the server announced) but got HTTP 200 and 25 bytes, then the connection broke (other side closed). Try again, and check any proxy in between: nothing was cached or pinned. A module downloaded once loads from the cache offline.`,
  });
  assert.deepEqual(failed('slow.js'), {
    code: 'ERR_HOOKLINE_REPOSITORY_TIMEOUT',
    message: `${where('slow.js')}: Expected the whole module within the timeout, 500 ms but got HTTP 200 and 26 bytes, then no more. The timeout option covers the whole download: raise it for a slow server or a large module, or check the server. A module downloaded once loads from the cache offline.`,
  });
  assert.deepEqual(failed('loop.js'), {
    code: 'ERR_HOOKLINE_REPOSITORY_STATUS',
    message: `${where('loop.js')}: Expected HTTP 200 with the module but got redirect after redirect, more than fetch follows (20). The server sends the request round in a loop, often a login or an https redirect that leads back: see where with curl -IL ${base}team/loop.js, and check the url option and the credentials in the headers option.`,
  });
});

test('an HTTP status after a redirect names where the redirect led; a refusal by another host says that the authorization header is not sent there, and the way out', async () => {
  const value = await run({ imports: ['repo:team/moved.js', 'repo:team/gone.js'] }, undefined, {
    headers: { authorization: 'Bearer token' },
  });
  const port = new URL(base).port;
  const failed = (name: string) => (value[`import repo:team/${name}`] as Failure).details;
  assert.deepEqual(failed('moved.js'), {
    where: `repo:team/moved.js (${base}team/moved.js)`,
    expected: 'HTTP 200 with the module',
    received: `HTTP 401, after a redirect to http://localhost:${port}/cdn/moved.js`,
    fix: `The server redirected to another host, which refused access: fetch sends no authorization header to another host than the one asked. Point the url option at that host, http://localhost:${port}, or have the server answer without redirecting.`,
  });
  assert.deepEqual(failed('gone.js'), {
    where: `repo:team/gone.js (${base}team/gone.js)`,
    expected: 'HTTP 200 with the module',
    received: `HTTP 404, after a redirect to ${base}old/gone.js`,
    fix: 'Check the module path, and the url and extension options it is fetched by.',
  });
});

test('a cache folder that cannot be written (a read-only file system) does not fail the program: its modules load, unpinned, with one warning naming the folder and the way out; what it holds still loads', async () => {
  const cacheDir = mkdtempSync(join(cacheRoot, 'read-only-'));
  const readOnly = ['-r', './hooks/read-only-folder.cjs'];
  // Warm for team/versioned.js: it loads from there, with nothing to write.
  version = 3;
  await run({ imports: ['repo:team/versioned.js'] }, cacheDir);
  const folders = [join(cacheDir, 'empty'), join(cacheDir, 'empty', 'nested'), cacheDir];
  for (const folder of folders) {
    requests = [];
    const value = await run(
      {
        imports: ['repo:team/script.js', 'repo:team/versioned.js'],
        requires: ['repo:team/script.cjs'],
      },
      folder,
      {},
      readOnly,
    );
    const fresh = folder !== cacheDir;
    assert.deepEqual(
      value,
      {
        'import repo:team/script.js': 'served as a page',
        'import repo:team/versioned.js': 'version 3',
        'require repo:team/script.cjs': 'served as a page',
        warnings: [
          `httpRepository cannot keep what it downloads in ${folder}, which cannot be written (EROFS): each run downloads its modules again, and what the server sends is not pinned. Make the folder writable, or pass the cacheDir option for one that is.`,
        ],
      },
      folder,
    );
    assert.deepEqual(requests, [
      '/repo/team/script.js',
      ...(fresh ? ['/repo/team/versioned.js'] : []),
      '/repo/team/script.cjs',
    ]);
  }
});

test('a cache folder that the file system will not make (under /proc) does not hang the program: its modules load, unpinned, with one warning naming the folder', async (t) => {
  if (!existsSync('/proc/self')) return t.skip('no /proc file system here');
  // Node's own mkdirSync(…, { recursive: true }) loops for ever there: mkdir answers ENOENT.
  for (const folder of ['/proc/hookline-cache', '/proc/hookline-cache/nested']) {
    assert.deepEqual(
      await run({ imports: ['repo:team/script.js'], requires: ['repo:team/script.cjs'] }, folder),
      {
        'import repo:team/script.js': 'served as a page',
        'require repo:team/script.cjs': 'served as a page',
        warnings: [
          `httpRepository cannot keep what it downloads in ${folder}, which cannot be written (ENOENT): each run downloads its modules again, and what the server sends is not pinned. Make the folder writable, or pass the cacheDir option for one that is.`,
        ],
      },
    );
  }
});

test('behind a proxy that Node is told to use (--use-env-proxy, on the command line or in NODE_OPTIONS), httpRepository downloads through it as the program does', async (t) => {
  const supported = runNode(['-p', "process.allowedNodeEnvironmentFlags.has('--use-env-proxy')"]);
  if (supported.stdout.trim() !== 'true') {
    t.skip('this Node has no --use-env-proxy: its fetch takes no proxy from the environment');
    return;
  }
  // A proxy as a company runs: to the module server, whatever host is asked, by a tunnel
  // (CONNECT; Node 24's fetch) or by forwarding a request for a whole URL (Node 26's, for http:).
  const tunnels: string[] = [];
  const proxy = createServer();
  const sockets = new Set<Socket>();
  const serverPort = Number(new URL(base).port);
  proxy.on('connect', (request, socket: Socket, head) => {
    tunnels.push(request.url ?? '');
    const upstream = connect(serverPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    sockets.add(socket).add(upstream);
  });
  proxy.on('request', (request, response) => {
    const target = new URL(request.url ?? '');
    tunnels.push(`${target.hostname}:${target.port || '80'}`);
    const path = target.pathname + target.search;
    const headers = request.headers;
    const forwarded = httpRequest(
      { host: '127.0.0.1', port: serverPort, method: request.method, path, headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  try {
    for (const [args, nodeOptions] of [
      [['--use-env-proxy'], ''],
      [[], '--use-env-proxy'],
    ] as const) {
      tunnels.length = 0;
      const value = await runJsonAsync([...args, 'repository-answers/main.mjs'], {
        // Known only to the proxy: a download that goes around it fails.
        REPO_URL: 'http://modules.test/repo/',
        CACHE_DIR: mkdtempSync(join(cacheRoot, 'proxy-')),
        IMPORTS: '["repo:team/script.js"]',
        REQUIRES: '["repo:team/script.cjs"]',
        NODE_OPTIONS: nodeOptions,
        HTTP_PROXY: proxyUrl,
        http_proxy: proxyUrl,
        NO_PROXY: '',
        no_proxy: '',
      });
      assert.deepEqual(
        value,
        {
          'import repo:team/script.js': 'served as a page',
          'require repo:team/script.cjs': 'served as a page',
        },
        nodeOptions,
      );
      assert.ok(
        tunnels.length > 0 && tunnels.every((one) => one === 'modules.test:80'),
        nodeOptions,
      );
    }
  } finally {
    for (const socket of sockets) socket.destroy();
    proxy.close();
  }
});

test('a cache folder deleted while the program runs is made again at the next download, which is cached and pinned there', async () => {
  const cacheDir = mkdtempSync(join(cacheRoot, 'deleted-'));
  const value = await runJsonAsync(['repository-answers/main.mjs'], {
    REPO_URL: base,
    CACHE_DIR: cacheDir,
    IMPORTS: '["repo:team/script.js"]',
    REQUIRES: '["repo:team/script.cjs"]',
    DELETE_CACHE: '1',
  });
  assert.deepEqual(value, {
    'import repo:team/script.js': 'served as a page',
    'require repo:team/script.cjs': 'served as a page',
  });
  const files = readdirSync(cacheDir, { recursive: true }).map(String).sort();
  assert.equal(files.length, 3, files.join());
  assert.match(files[0] ?? '', /^[\da-f]{64}\.cjs$/);
  assert.equal(files[1], 'integrity');
  assert.match(files[2] ?? '', /^integrity[\\/][\da-f]{64}\.json$/);
});

test('offline, modules downloaded before load from the cache; one never downloaded fails naming the server, and with refresh: true the way out says that refresh is what asks the server', async () => {
  const own = createServer((request, response) => {
    const route = routes[new URL(request.url ?? '', 'http://localhost').pathname];
    if (route) return route(request, response);
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(own.address() as AddressInfo).port}/repo/`;
  const cacheDir = mkdtempSync(join(cacheRoot, 'offline-'));
  const offline = (options: object) =>
    runJsonAsync(['repository-answers/main.mjs'], {
      REPO_URL: url,
      CACHE_DIR: cacheDir,
      IMPORTS: '["repo:team/script.js", "repo:team/versioned.js"]',
      REQUIRES: '["repo:team/script.cjs"]',
      OPTIONS: JSON.stringify(options),
    });
  version = 4;
  assert.deepEqual(
    await runJsonAsync(['repository-answers/main.mjs'], {
      REPO_URL: url,
      CACHE_DIR: cacheDir,
      IMPORTS: '["repo:team/script.js"]',
      REQUIRES: '["repo:team/script.cjs"]',
    }),
    {
      'import repo:team/script.js': 'served as a page',
      'require repo:team/script.cjs': 'served as a page',
    },
  );
  own.closeAllConnections();
  await new Promise((resolve) => own.close(resolve));
  const value = await offline({});
  const never = value['import repo:team/versioned.js'] as Failure;
  assert.deepEqual(
    { ...value, 'import repo:team/versioned.js': never.code },
    {
      'import repo:team/script.js': 'served as a page',
      'import repo:team/versioned.js': 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE',
      'require repo:team/script.cjs': 'served as a page',
    },
  );
  assert.equal(never.details.where, `repo:team/versioned.js (${url}team/versioned.js)`);
  const refreshed = (await offline({ refresh: true }))['import repo:team/script.js'] as Failure;
  assert.equal(refreshed.code, 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE');
  assert.equal(
    refreshed.details.fix,
    'Check the url option and that the server is up. The refresh option asks the server even for a module in the cache: without it, modules downloaded once load from the cache offline.',
  );
});

test('a cached copy changed on disk after it was pinned is refused with the way out for the cache (delete the copy), not for a module that changed on the server; a broken integrity.json is named', async () => {
  const cacheDir = mkdtempSync(join(cacheRoot, 'edited-'));
  const imports = ['repo:team/script.js'];
  await run({ imports }, cacheDir);
  const copy = readdirSync(cacheDir).find((name) => name.endsWith('.js')) ?? '';
  writeFileSync(join(cacheDir, copy), "export const greet = 'edited';");
  const edited = (await run({ imports }, cacheDir))['import repo:team/script.js'] as Failure;
  assert.equal(edited.code, 'ERR_HOOKLINE_INTEGRITY');
  assert.equal(edited.details.where, `repo:team/script.js (${join(cacheDir, copy)})`);
  assert.equal(
    edited.details.fix,
    `The cached copy does not match its pin: delete ${join(cacheDir, copy)} to download the module again and check it against the pin; if that fails, the module changed since it was first downloaded. If that is intended, delete ${join(cacheDir, 'integrity', `${copy.slice(0, -3)}.json`)}.`,
  );
  // As after a deletion of the copy: downloaded, checked against the pin, cached again.
  rmSync(join(cacheDir, copy));
  assert.deepEqual(await run({ imports }, cacheDir), {
    'import repo:team/script.js': 'served as a page',
  });

  writeFileSync(join(cacheDir, 'integrity.json'), '{"half');
  const broken = (await run({ imports }, cacheDir))['import repo:team/script.js'] as Failure;
  assert.deepEqual(
    { code: broken.code, where: broken.details.where, fix: broken.details.fix },
    {
      code: 'ERR_HOOKLINE_INTEGRITY',
      where: join(cacheDir, 'integrity.json'),
      fix: `hookline no longer writes this file, and cannot read it: restore it, or delete ${join(cacheDir, 'integrity.json')} to forget the pins it held.`,
    },
  );
});

test('a module sent compressed (gzip, br) loads unpacked, and its pin is the hash of the unpacked module', async () => {
  const pin = `sha384-${createHash('sha384').update(PACKED).digest('base64')}`;
  const value = await run({ imports: ['repo:team/gzip.js', 'repo:team/br.js'] }, undefined, {
    integrity: { 'team/gzip': pin, 'team/br': pin },
  });
  assert.deepEqual(value, {
    'import repo:team/gzip.js': 'unpacked xxxxxxx',
    'import repo:team/br.js': 'unpacked xxxxxxx',
  });
});

test('an HTTP 429 (too many requests) gets its own way out, with how long the server says to wait, not advice about the module path', async () => {
  const value = await run({ imports: ['repo:team/limited.js'] });
  assert.equal(
    (value['import repo:team/limited.js'] as Failure).details.fix,
    'The server limits how often it may be asked (it says to wait 120 s): try again later. A module downloaded once loads from the cache offline.',
  );
});
