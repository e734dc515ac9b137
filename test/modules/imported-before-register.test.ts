import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runApp } from './fixture.js';

const preload = { HOOKLINE_PRELOAD: './hooks/esm-pkg-greet.mjs' };
const alreadyLoaded =
  /HooklineWarning: onImport\("esm-pkg"\): file:\S+\/esm-pkg\/index\.js was already loaded as an ES module/;

test('a preloaded hook on an ES module that an --import before hookline/register loaded is warned of, not silently skipped', () => {
  const result = runApp(
    ['--import', './imports-esm-pkg.mjs', '--import', 'hookline/register', 'greet-esm-pkg.mjs'],
    preload,
  );
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { greeting: 'hello you' });
  assert.match(result.stderr, alreadyLoaded);
});

test('the same through NODE_OPTIONS, whose --import runs before the command line’s', () => {
  const result = runApp(['--import', 'hookline/register', 'greet-esm-pkg.mjs'], {
    ...preload,
    NODE_OPTIONS: '--import=./imports-esm-pkg.mjs',
  });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { greeting: 'hello you' });
  assert.match(result.stderr, alreadyLoaded);
});

test('with hookline/register first, the same preload hooks the module and says nothing', () => {
  const result = runApp(
    ['--import', 'hookline/register', '--import', './imports-esm-pkg.mjs', 'greet-esm-pkg.mjs'],
    preload,
  );
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.deepEqual(JSON.parse(result.stdout), { greeting: 'hooked you' });
});
