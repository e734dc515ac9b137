import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeHasInThreadHooks, runNode } from '../helpers/run-node.js';
import { appDir, runApp, runJson } from './fixture.js';

interface Probe {
  keys: string[];
  value: string;
  lexerLoaded: boolean;
}

/** Where the hooks run in the main thread (Node 22.15+/24), the probe sees the lexer load there. */
const lexerInMainThread = nodeHasInThreadHooks();

function entries(cache: string): string[] {
  return readdirSync(cache, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.json'));
}

function withModule(run: (dir: string, file: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-cache-test-'));
  try {
    const file = join(dir, 'module.mjs');
    writeFileSync(file, "export let value = 'original';\nexport const a = 1;\n");
    run(dir, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const probe = (file: string, env: NodeJS.ProcessEnv) =>
  runJson<Probe>(['cache-probe.mjs', file], env).value;

test('an instrumented ES module is cached on disk: a later run loads it without parsing, a changed file is instrumented again', () => {
  withModule((dir, file) => {
    const cache = join(dir, 'cache');
    const hooked = { keys: ['a', 'value'], value: 'patched' };
    assert.deepEqual(probe(file, { HOOKLINE_CACHE: cache }), {
      ...hooked,
      lexerLoaded: lexerInMainThread,
    });
    assert.equal(entries(cache).length, 1);
    assert.deepEqual(probe(file, { HOOKLINE_CACHE: cache }), { ...hooked, lexerLoaded: false });

    writeFileSync(file, "export let value = 'original';\nexport const b = 2;\n");
    assert.deepEqual(probe(file, { HOOKLINE_CACHE: cache }), {
      keys: ['b', 'value'],
      value: 'patched',
      lexerLoaded: lexerInMainThread,
    });
  });
});

test('HOOKLINE_CACHE=0 turns the cache off, and a cache folder others can write to is not used', () => {
  withModule((dir, file) => {
    const off = probe(file, { HOOKLINE_CACHE: '0' });
    assert.deepEqual(off, {
      keys: ['a', 'value'],
      value: 'patched',
      lexerLoaded: lexerInMainThread,
    });

    const shared = join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const unsafe = probe(file, { HOOKLINE_CACHE: shared });
    assert.equal(unsafe.value, 'patched');
    assert.deepEqual(entries(shared), []);
  });
});

test('a hooked file imported under many URLs (a query each) is hooked under each, from one cache entry', () => {
  withModule((dir, file) => {
    const cache = join(dir, 'cache');
    const expected = { hooked: [true, true, true, true, true], values: Array(5).fill('hooked') };
    for (let run = 0; run < 2; run++) {
      const { value } = runJson(['cache-queries.mjs', file], { HOOKLINE_CACHE: cache });
      assert.deepEqual(value, expected);
    }
    assert.equal(entries(cache).length, 1, entries(cache).join('\n'));
  });
});

test('a hooked file imported by its plain URL, then under queries (a dev server reloading it), is hooked under each: the cache entry made for the plain URL keeps naming the hook', () => {
  withModule((dir, file) => {
    const cache = join(dir, 'cache');
    const expected = { hooked: Array(6).fill(true), values: Array(6).fill('hooked') };
    for (let run = 0; run < 2; run++) {
      const { value } = runJson(['cache-queries.mjs', file, 'plain-first'], {
        HOOKLINE_CACHE: cache,
      });
      assert.deepEqual(value, expected, `run ${run}`);
    }
  });
});

test('a cache entry that is JSON but no entry (a foreign or damaged file) is made again, and the module is hooked as ever', () => {
  withModule((dir, file) => {
    const cache = join(dir, 'cache');
    const hooked = { keys: ['a', 'value'], value: 'patched' };
    probe(file, { HOOKLINE_CACHE: cache });
    const [entry] = entries(cache);
    assert.ok(entry, 'the first run made an entry');
    const path = join(cache, entry);
    const made = readFileSync(path, 'utf8');
    const damaged = [
      'null',
      '[]',
      '"entry"',
      '{}',
      made.replace('"url"', '"uRl"'),
      made.replace(/"code":"(?:[^"\\]|\\.)*"/, '"code":7'),
      made.replace(/"reexportSources":\[[^\]]*\]/, '"reexportSources":{}'),
    ];
    for (const text of damaged) {
      writeFileSync(path, text);
      const result = runApp(['cache-probe.mjs', file], { HOOKLINE_CACHE: cache });
      assert.equal(result.stderr, '', text);
      assert.deepEqual(JSON.parse(result.stdout), { ...hooked, lexerLoaded: lexerInMainThread });
      assert.equal(readFileSync(path, 'utf8'), made, 'the entry was made again');
    }
  });
});

test('a relative HOOKLINE_CACHE is read from the working directory the program started in, wherever it moves to', () => {
  withModule((dir, file) => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    for (let run = 0; run < 2; run++) {
      const result = runNode([join(appDir, 'cache-chdir.mjs'), file, elsewhere], {
        cwd: dir,
        env: { HOOKLINE_CACHE: 'cache' },
      });
      assert.equal(result.stderr, '');
      assert.deepEqual(JSON.parse(result.stdout), { value: 'patched' });
    }
    assert.deepEqual(readdirSync(elsewhere), []);
    assert.equal(entries(join(dir, 'cache')).length, 1);
    assert.equal(
      readdirSync(join(dir, 'cache')).filter((name) => name.startsWith('code-')).length,
      1,
    );
  });
});
