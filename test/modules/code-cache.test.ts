import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { preloadedStaticImports, runJson } from './fixture.js';

/** The code cache files under a cache folder. */
function codeCaches(cache: string): string[] {
  return readdirSync(cache, { recursive: true })
    .map(String)
    .filter((name) => /(^|\/)code-[^/]+\.bin$/.test(name))
    .map((name) => join(cache, name));
}

/**
 * Runs a program whose preload hooks its static imports, with hookline's debug output on: what
 * the hooks saw (the same however hookline's code was compiled), and how it was compiled.
 */
function run(cache: string): { compiled: string } {
  const { value, stderr } = runJson(['--import', 'hookline/register', 'esm-static.mjs'], {
    HOOKLINE_PRELOAD: './hooks/esm-preload.mjs',
    HOOKLINE_CACHE: cache,
    NODE_DEBUG: 'hookline',
  });
  assert.deepEqual(value, preloadedStaticImports);
  const line = stderr.split('\n').find((text) => text.includes('core.cjs compiled'));
  assert.ok(line, stderr);
  return { compiled: line.slice(line.indexOf('core.cjs compiled') + 'core.cjs '.length) };
}

test("hookline's own code is compiled from a code cache that the first run leaves; a cache V8 refuses is made anew, and the program runs the same each time", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-code-cache-test-'));
  try {
    const cache = join(dir, 'cache');
    assert.match(run(cache).compiled, /^compiled; its code cache .* is made as the process exits$/);
    const [file, ...others] = codeCaches(cache);
    assert.ok(file, 'the first run made a code cache');
    assert.deepEqual(others, []);

    assert.match(run(cache).compiled, /^compiled from the code cache /);

    const garbage = Buffer.from('not a code cache');
    writeFileSync(file, garbage);
    assert.match(run(cache).compiled, /^compiled; its code cache .* is made as the process exits$/);
    assert.notDeepEqual(readFileSync(file), garbage, 'the refused cache was made anew');
    assert.match(run(cache).compiled, /^compiled from the code cache /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('HOOKLINE_CACHE=0, or a cache folder others can write to, leaves no code cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-code-cache-test-'));
  try {
    assert.equal(run('0').compiled, 'compiled (no code cache)');
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    assert.equal(run(shared).compiled, 'compiled (no code cache)');
    assert.deepEqual(codeCaches(shared), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a new build's cache folder replaces those of other builds left unchanged for a week, and keeps the others", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-code-cache-test-'));
  try {
    const cache = join(dir, 'cache');
    const stale = join(cache, '0.0.1-100-1');
    const recent = join(cache, '0.0.2-200-2');
    mkdirSync(stale, { recursive: true, mode: 0o700 });
    mkdirSync(recent, { mode: 0o700 });
    chmodSync(cache, 0o700);
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    utimesSync(stale, eightDaysAgo, eightDaysAgo);
    run(cache);
    assert.equal(existsSync(stale), false, 'the folder unchanged for eight days is removed');
    assert.equal(existsSync(recent), true, 'the folder of a build used recently is kept');
    assert.equal(codeCaches(cache).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
