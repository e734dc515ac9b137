import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { appDir, runJsonAsync } from './fixture.js';

/** The repository the programs import from, as a team would serve it. */
const modules: Readonly<Record<string, string>> = {
  '/repo/team/a.js': [
    "import { u } from './util.js';",
    "import { join } from 'node:path';",
    "import pkg from 'cjs-pkg';",
    'export const values = [u, typeof join, typeof pkg];',
    'export const url = import.meta.url;',
    "export const sibling = import.meta.resolve('./util.js');",
    "export const pkgUrl = import.meta.resolve('cjs-pkg');",
  ].join('\n'),
  '/repo/team/util.js': "export const u = 'util';\nexport const greet = u;",
  '/repo/team/once.js': 'export const once = 1;',
  '/repo/team/cycle-1.js':
    "import { two } from './cycle-2.js';\nexport const one = 'one';\nexport const both = () => one + two;",
  '/repo/team/cycle-2.js': "import { one } from './cycle-1.js';\nexport const two = 'two';",
  '/repo/team/data.json': '{"x":1}',
  '/repo/team/c.cjs':
    "const { d } = require('./d.cjs');\nexports.c = 'c+' + d;\nexports.pkg = typeof require('cjs-pkg');\nexports.file = __filename;",
  '/repo/team/d.cjs': "exports.d = 'd';",
  '/repo/team/resolves.cjs':
    "exports.sibling = require.resolve('./d.cjs');\nexports.other = require.resolve('repo:other/x.cjs');\nexports.pkg = require.resolve('cjs-pkg');",
  '/repo/team/half.js': "import './d.cjs';\nimport './missing.js';",
  '/repo/team/throws.cjs': "exports.x = 1;\nthrow new Error('boom in CommonJS');\n",
  '/repo/team/throws.js':
    "export const x = 1;\n\nfunction boom() {\n  throw new Error('boom');\n}\nboom();\n",
};
let server: Server;
let requests: string[] = [];
let base = '';
const cacheRoot = mkdtempSync(join(tmpdir(), 'hookline-scheme-users-'));

before(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === '/repo/team/failing.js') {
      response.writeHead(500);
      response.end('internal error');
      return;
    }
    // As a static server does: the query is the client's, not part of the file's path.
    const body = modules[new URL(request.url ?? '', 'http://localhost').pathname];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/javascript' });
    response.end(body ?? 'not found');
  });
  base = `${await listenOnLoopback(server)}/repo/`;
});

after(() => {
  closeServer(server);
  rmSync(cacheRoot, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  return { REPO_URL: base, CACHE_DIR: mkdtempSync(join(cacheRoot, 'run-')) };
}

test('a module from an HTTP repository imports its neighbours, the program’s packages and builtins; import.meta, run-time specifiers, cycles, JSON, require and stacks work as for files; one download per module', async () => {
  requests = [];
  const value = await runJsonAsync<Record<string, unknown>>(['scheme-users/main.mjs'], env());
  assert.deepEqual(value['relative'], {
    values: ['util', 'function', 'object'],
    url: 'repo:team/a.js',
    sibling: 'repo:team/util.js',
    pkgUrl: pathToFileURL(join(appDir, 'node_modules', 'cjs-pkg', 'index.js')).href,
  });
  assert.equal(value['runtime'], 'util');
  assert.equal(value['together'], true);
  assert.equal(value['cycle'], 'onetwo');
  assert.deepEqual(value['json'], { imported: { x: 1 }, required: { x: 1 } });
  assert.deepEqual(value['required'], { c: 'c+d', pkg: 'object', file: 'repo:team/c.cjs' });
  assert.deepEqual(value['resolved'], {
    sibling: 'repo:team/d.cjs',
    other: 'repo:other/x.cjs',
    pkg: join(appDir, 'node_modules', 'cjs-pkg', 'index.js'),
  });
  assert.match(
    String(value['stack']),
    /^Error: boom\n {4}at boom \(repo:team\/throws\.js:4:9\)\n {4}at repo:team\/throws\.js:6:1$/,
  );
  assert.equal(value['running'], 'still');
  // Imported twice at once, and by two modules: downloaded once each.
  for (const path of ['/repo/team/once.js', '/repo/team/util.js']) {
    assert.equal(requests.filter((one) => one === path).length, 1, path);
  }
});

test('an HTTP repository that fails (HTTP 500) fails the import with a way out about the server, not the module path, and the program goes on', async () => {
  const value = await runJsonAsync<Record<string, unknown>>(['scheme-users/main.mjs'], env());
  assert.deepEqual(value['failing'], {
    code: 'ERR_HOOKLINE_REPOSITORY_STATUS',
    message: `repo:team/failing.js (${base}team/failing.js): Expected HTTP 200 with the module but got HTTP 500. The server failed to answer: see its logs, or try again. A module downloaded once loads from the cache offline.`,
  });
  assert.equal(value['running'], 'still');
});

test('import of a CommonJS module from an HTTP repository runs it as require would: its require of a neighbour works, named exports, one instance, one fetch', async () => {
  const value = await runJsonAsync<Record<string, unknown>>(['scheme-users/import-cjs.mjs'], env());
  assert.deepEqual(value, {
    default: { c: 'c+d', pkg: 'object', file: 'repo:team/c.cjs' },
    named: ['c', 'default', 'file', 'pkg'],
    same: true,
    thrown: 'Error: boom in CommonJS\n    at Object.<anonymous> (repo:team/throws.cjs:2:7)',
    again: 'boom in CommonJS',
    asked: ['repo:team/c.cjs', 'repo:team/d.cjs', 'repo:team/throws.cjs', 'repo:team/throws.cjs'],
  });
});

test('onImport, transform and auditImports apply to a CommonJS module imported from an HTTP repository and to what it requires', async () => {
  const value = await runJsonAsync<Record<string, unknown>>(['scheme-users/hooked-cjs.mjs'], env());
  assert.deepEqual(value, {
    c: 'c+transformed hooked',
    events: [
      'dynamic-import repo:team/c.cjs -> repo:team/c.cjs',
      'require ./d.cjs -> repo:team/d.cjs',
      `require cjs-pkg -> ${pathToFileURL(join(appDir, 'node_modules', 'cjs-pkg', 'index.js')).href}`,
    ],
  });
});

test('require of a CommonJS module from an HTTP repository that an import failing to load reached first runs it, rather than answer with an empty copy', async () => {
  const value = await runJsonAsync<Record<string, unknown>>(
    ['scheme-users/failed-graph.mjs'],
    env(),
  );
  assert.deepEqual(value, { imported: 'ERR_HOOKLINE_REPOSITORY_STATUS', required: { d: 'd' } });
});

test("an import whose scheme loader threw gets the loader's error with its name, code and fields, on Node 20's loader thread too", async () => {
  const value = await runJsonAsync<Record<string, unknown>>(
    ['scheme-users/loader-error.mjs'],
    env(),
  );
  const remote = `${base}team/nope.js`;
  assert.deepEqual(value, {
    'repo:team/nope.js': {
      name: 'Error',
      message: `repo:team/nope.js (${remote}): Expected HTTP 200 with the module but got HTTP 404. Check the module path, and the url and extension options it is fetched by.`,
      code: 'ERR_HOOKLINE_REPOSITORY_STATUS',
      details: {
        where: `repo:team/nope.js (${remote})`,
        expected: 'HTTP 200 with the module',
        received: 'HTTP 404',
        fix: 'Check the module path, and the url and extension options it is fetched by.',
      },
    },
    'down:team/a.js': { name: 'RepositoryDown', message: 'the repository is down', retryAfter: 30 },
  });
});

test('httpRepository sends the query of an import (repo:team/util.js?v=2) to the server after the path, and not its hash; a pin holds for the file whatever the query', async () => {
  const run = (integrity: Record<string, string>) =>
    runJsonAsync<Record<string, string>>(['repository-pins.mjs'], {
      ...env(),
      INTEGRITY: JSON.stringify(integrity),
      SPECIFIERS: JSON.stringify([
        'repo:team/util.js?v=2',
        'repo:team/util?v=3',
        'repo:team/util#top',
      ]),
    });
  requests = [];
  assert.deepEqual(await run({}), {
    'repo:team/util.js?v=2': 'util',
    'repo:team/util?v=3': 'util',
    'repo:team/util#top': 'util',
  });
  assert.deepEqual(requests, [
    '/repo/team/util.js?v=2',
    '/repo/team/util.js?v=3',
    '/repo/team/util.js',
  ]);
  assert.deepEqual(await run({ 'team/util': `sha384-${'A'.repeat(64)}` }), {
    'repo:team/util.js?v=2': 'ERR_HOOKLINE_INTEGRITY',
    'repo:team/util?v=3': 'ERR_HOOKLINE_INTEGRITY',
    'repo:team/util#top': 'ERR_HOOKLINE_INTEGRITY',
  });
});
