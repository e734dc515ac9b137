import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runNode } from '../helpers/run-node.js';
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

test('a preload that cannot load stops the program with an error naming where it was configured', () => {
  const result = runApp(['--import', 'hookline/register', 'esm-static.mjs'], {
    HOOKLINE_PRELOAD: './nope.mjs',
  });
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /hookline\/register: could not preload "\.\/nope\.mjs" named by HOOKLINE_PRELOAD: Cannot find module/,
  );
  assert.equal(result.stdout, '');
});
