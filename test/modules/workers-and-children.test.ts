import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runNode } from '../helpers/run-node.js';
import { appDir, runJson } from './fixture.js';

const preload = { HOOKLINE_PRELOAD: './hooks/thread-marks.mjs' };
const hookedInMain = { cjs: 'main', esm: 'hello x (hooked in the main thread)' };
const unhooked = { cjs: 'unhooked', esm: 'hello x' };

test('a Worker given its code (eval: true) runs no --import, so no preload, unless its code imports hookline/register first', () => {
  const { value, stderr } = runJson(['--import', 'hookline/register', 'eval-worker.mjs'], preload);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    plain: unhooked,
    registered: { cjs: 'worker', esm: 'hello x (hooked in the worker thread)' },
  });
});

test('under NODE_OPTIONS=--import hookline/register, every child node applies the preload, once', () => {
  const { value, stderr } = runJson(['spawns-children.mjs'], {
    ...preload,
    NODE_OPTIONS: '--import hookline/register',
  });
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    main: hookedInMain,
    spawned: hookedInMain,
    forked: hookedInMain,
    evaluated: { cjs: 'main' },
  });
});

test('under node --import hookline/register, a fork applies the preload (it inherits execArgv); another node does not', () => {
  const { value, stderr } = runJson(
    ['--import', 'hookline/register', 'spawns-children.mjs'],
    preload,
  );
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    main: hookedInMain,
    spawned: unhooked,
    forked: hookedInMain,
    evaluated: { cjs: 'unhooked' },
  });
});

test("a worker a library starts from its own file reads that package's configuration, not the program's package.json; HOOKLINE_PRELOAD reaches it", () => {
  const configured = join(appDir, '..', 'configured');
  const run = (env: NodeJS.ProcessEnv) => {
    const result = runNode(['--import', 'hookline/register', 'workers.mjs'], {
      cwd: configured,
      env,
    });
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    return JSON.parse(result.stdout) as unknown;
  };
  assert.deepEqual(run({}), { own: { preloaded: true }, library: { preloaded: false } });
  assert.deepEqual(run({ HOOKLINE_PRELOAD: './hooks.mjs' }), {
    own: { preloaded: true },
    library: { preloaded: true },
  });
});
