import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

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
