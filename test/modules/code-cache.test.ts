import assert from 'node:assert/strict';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot, runNode } from '../helpers/run-node.js';
import { preloadedStaticImports, runApp, runJson } from './fixture.js';

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

test("a run that uses parts of hookline's code the code cache was made without makes it anew, with them, as it exits; runs that use no new part leave it as it is", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-code-cache-test-'));
  try {
    const cache = join(dir, 'cache');
    /** A run with hookline/register and `preload`, and what it said of its code cache. */
    const runWith = (preload: string): string[] => {
      const result = runApp(['--import', 'hookline/register', 'esm-static.mjs'], {
        HOOKLINE_PRELOAD: preload,
        HOOKLINE_CACHE: cache,
        NODE_DEBUG: 'hookline',
      });
      assert.equal(result.status, 0, result.stderr);
      return result.stderr.split('\n').filter((line) => /code cache|made anew/.test(line));
    };
    const sizeOf = (): number => {
      const [file] = codeCaches(cache);
      assert.ok(file, 'a code cache was made');
      return statSync(file).size;
    };

    // Nothing preloaded: the cache holds what loading hookline and installing its hooks runs.
    assert.match(
      runWith('').join('\n'),
      /compiled; its code cache .* is made as the process exits/,
    );
    const plain = sizeOf();

    // Hooks on ES modules: code that first run did not compile, compiled now and kept.
    const grown = runWith('./hooks/esm-preload.mjs');
    assert.match(grown[0] ?? '', /compiled from the code cache /);
    assert.match(
      grown.join('\n'),
      /is made anew as the process exits: this run used code it lacks/,
    );
    const withHooks = sizeOf();
    assert.ok(withHooks > plain, `${withHooks} bytes, more than the ${plain} made before`);

    // The same again, or less: read from the cache, not made again.
    for (const preload of ['./hooks/esm-preload.mjs', '']) {
      const lines = runWith(preload);
      assert.match(lines[0] ?? '', /compiled from the code cache /);
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.equal(sizeOf(), withHooks);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('programs given as code (node -e, -p, --eval=, --print) share one code cache: the code is not a V8 flag', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-code-cache-test-'));
  try {
    const cache = join(dir, 'cache');
    const programs = [
      ['-e', 'console.log(1)'],
      ['-e', 'console.log(2)'],
      ['-p', '3'],
      ['--eval=console.log(4)'],
      ['--print', '5'],
      ['-pe', '6'],
    ];
    const compiled = programs.map((program, at) => {
      const result = runNode(['--import', 'hookline/register', ...program], {
        env: { HOOKLINE_CACHE: cache, NODE_DEBUG: 'hookline' },
      });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${at + 1}\n`);
      const line = result.stderr.split('\n').find((text) => text.includes('core.cjs compiled'));
      return line?.slice(line.indexOf('core.cjs compiled') + 'core.cjs '.length);
    });
    assert.match(compiled[0] ?? '', /^compiled; its code cache .* is made as the process exits$/);
    for (const later of compiled.slice(1))
      assert.match(later ?? '', /^compiled from the code cache /);
    assert.equal(codeCaches(cache).length, 1, codeCaches(cache).join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a program that takes every 'exit' listener away still leaves the code cache, written as it exits", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-code-cache-test-'));
  try {
    const cache = join(dir, 'cache');
    for (const removal of ["process.removeAllListeners('exit')", 'process.removeAllListeners()']) {
      rmSync(cache, { recursive: true, force: true });
      const result = runNode(
        [
          '--import',
          'hookline/register',
          '-e',
          `${removal}; Promise.resolve().then(() => process.exit(0))`,
        ],
        {
          env: { HOOKLINE_CACHE: cache },
        },
      );
      assert.equal(result.status, 0, result.stderr);
      assert.equal(codeCaches(cache).length, 1, removal);
    }
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

test("a new build's caches replace those of other builds left unchanged for a week, and keep the others", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-code-cache-test-'));
  try {
    const cache = join(dir, 'cache');
    mkdirSync(cache, { mode: 0o700 });
    chmodSync(cache, 0o700);
    const staleCode = join(cache, 'code-0000000000000000-v0.0.0-x64-0000000000000000.bin');
    const recentCode = join(cache, 'code-1111111111111111-v0.0.0-x64-0000000000000000.bin');
    const staleBuild = join(cache, '0.0.1-100-1');
    const recentBuild = join(cache, '0.0.2-200-2');
    writeFileSync(staleCode, 'old');
    writeFileSync(recentCode, 'recent');
    mkdirSync(staleBuild);
    mkdirSync(recentBuild);
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    utimesSync(staleCode, eightDaysAgo, eightDaysAgo);
    utimesSync(staleBuild, eightDaysAgo, eightDaysAgo);
    // The program's preload instruments modules: both caches are made, each clearing its kind.
    assert.match(run(cache).compiled, /^compiled; its code cache/);
    assert.equal(
      existsSync(staleCode),
      false,
      'the code cache unchanged for eight days is removed',
    );
    assert.equal(existsSync(staleBuild), false, 'the build folder unchanged for eight days too');
    assert.equal(existsSync(recentCode), true, 'the code cache of a build used recently is kept');
    assert.equal(existsSync(recentBuild), true, 'the folder of a build used recently too');
    assert.equal(codeCaches(cache).length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('however recent, only the 32 most recently written code caches of other flags or builds and the 8 most recently changed folders of other builds are kept, so the cache folder stays bounded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-code-cache-test-'));
  try {
    const cache = join(dir, 'cache');
    mkdirSync(cache, { mode: 0o700 });
    chmodSync(cache, 0o700);
    // 40 code caches and 12 build folders, all from the last hour, the first of each the newest.
    const hourAgo = Date.now() - 60 * 60 * 1000;
    const codeFiles = Array.from({ length: 40 }, (_, at) => {
      const file = join(cache, `code-${String(at).padStart(16, '0')}-v0.0.0-x64-0.bin`);
      writeFileSync(file, 'code');
      const changed = new Date(hourAgo - at * 1000);
      utimesSync(file, changed, changed);
      return file;
    });
    const buildFolders = Array.from({ length: 12 }, (_, at) => {
      const folder = join(cache, `0.0.${at}-100-${at}`);
      mkdirSync(folder);
      const changed = new Date(hourAgo - at * 1000);
      utimesSync(folder, changed, changed);
      return folder;
    });
    assert.match(run(cache).compiled, /^compiled; its code cache/);
    assert.deepEqual(
      codeFiles.map((file) => existsSync(file)),
      codeFiles.map((_, at) => at < 32),
      'the 32 most recently written code caches are kept, the 8 older ones removed',
    );
    assert.deepEqual(
      buildFolders.map((folder) => existsSync(folder)),
      buildFolders.map((_, at) => at < 8),
      'the 8 most recently changed build folders are kept, the 4 older ones removed',
    );
    assert.equal(codeCaches(cache).length, 33, "this run's own code cache besides the 32");
    assert.match(run(cache).compiled, /^compiled from the code cache /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * The frame of hookline's script in the stack of an error it throws, from a program in `dir`
 * that imports the copy of hookline at `packageRoot`.
 */
function ownFrame(dir: string, packageRoot: string, cache: string): string {
  const modules = pathToFileURL(join(packageRoot, 'dist', 'modules', 'index.js')).href;
  const program = join(dir, `throws-${packageRoot === repoRoot ? 'repo' : 'copy'}.mjs`);
  writeFileSync(
    program,
    `import { mockModule } from ${JSON.stringify(modules)};
try { mockModule(42, {}); } catch (error) {
  console.log(error.stack.split('\\n').find((line) => line.includes('core.cjs')));
}
`,
  );
  const result = runNode([program], { env: { HOOKLINE_CACHE: cache } });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

test('two installed copies of one build sharing a cache folder each name their own file in stack traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-code-cache-test-'));
  try {
    const cache = join(dir, 'cache');
    const copy = join(dir, 'copy');
    cpSync(join(repoRoot, 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(repoRoot, 'package.json'), join(copy, 'package.json'));
    assert.match(ownFrame(dir, copy, cache), /copy\/dist\/chunks\/core\.cjs:/);
    for (let run = 0; run < 2; run++) {
      const frame = ownFrame(dir, repoRoot, cache);
      assert.ok(frame.includes(join(repoRoot, 'dist', 'chunks', 'core.cjs')), frame);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a frame of hookline's script in a stack trace maps, through the script's source map, to the line of TypeScript that threw", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-code-cache-test-'));
  try {
    const frame = ownFrame(dir, repoRoot, join(dir, 'cache'));
    const [, line, column] = /core\.cjs:(\d+):(\d+)/.exec(frame) ?? [];
    assert.ok(line && column, frame);
    const script = join(repoRoot, 'dist', 'chunks', 'core.cjs');
    const map = new SourceMap(JSON.parse(readFileSync(`${script}.map`, 'utf8')));
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    assert.ok('originalSource' in entry, `no mapping for ${frame}`);
    const source = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : join(dirname(script), entry.originalSource);
    const thrower = readFileSync(source, 'utf8').split('\n')[entry.originalLine] ?? '';
    assert.match(thrower, /\bthrow\b/, `${source}:${entry.originalLine + 1}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("with source maps on (--enable-source-maps, or process.setSourceMapsEnabled before hookline loads), a frame of hookline's code names the line of TypeScript that threw, and no code cache is made for it", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-code-cache-test-'));
  try {
    const cache = join(dir, 'cache');
    const modules = pathToFileURL(join(repoRoot, 'dist', 'modules', 'index.js')).href;
    const program = join(dir, 'throws.mjs');
    writeFileSync(
      program,
      `if (process.argv[2] === 'enable') process.setSourceMapsEnabled(true);
const { mockModule } = await import(${JSON.stringify(modules)});
try { mockModule(42, {}); } catch (error) {
  console.log(error.stack.split('\\n')[1].trim());
}
`,
    );
    const tsFrame = /^at \w+ \(.*\/src\/modules\/[\w-]+\.ts:\d+:\d+\)$/;
    for (const args of [
      ['--enable-source-maps', program],
      [program, 'enable'],
    ]) {
      const result = runNode(args, { env: { HOOKLINE_CACHE: cache } });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout.trim(), tsFrame, args.join(' '));
    }
    assert.equal(existsSync(cache) ? codeCaches(cache).length : 0, 0);
    const plain = runNode([program], { env: { HOOKLINE_CACHE: cache } });
    assert.match(plain.stdout.trim(), /dist\/chunks\/core\.cjs:\d+:\d+\)$/);
    assert.equal(codeCaches(cache).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
