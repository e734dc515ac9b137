import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeBinary, nodeStripsTypes, repoRoot } from '../helpers/run-node.js';
import { Terminal } from '../helpers/terminal.js';

// hook() from every kind of caller: CommonJS, an async function after await, TypeScript run
// through source maps (and run directly where Node strips types).

const fixtures = join(repoRoot, 'test', 'fixtures', 'debug');

function lineOf(file: string, text: string): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(text)) + 1
  );
}

test('a CommonJS caller: its locals, closure and module variables, written back on request', async () => {
  using terminal = Terminal.start([nodeBinary, join(fixtures, 'scope.cjs')], {
    env: { HOOK_OPTIONS: JSON.stringify({ overwriteLocals: true }) },
  });
  const banner = await terminal.waitFor('\n> ');
  assert.ok(
    banner.includes(
      `Hooked at ${join(fixtures, 'scope.cjs')}:${lineOf(join(fixtures, 'scope.cjs'), '    hook(')} - Ctrl+D to resume`,
    ),
  );
  assert.equal(await terminal.run('[total, count, by, moduleLet]'), '[ 7, 5, 2, 10 ]');
  assert.equal(await terminal.run('typeof require'), "'function'");
  await terminal.run('total = 70');
  await terminal.run('count = 50');
  await terminal.run('moduleLet = 11');
  terminal.press('C-d');
  await terminal.waitFor('after: total=70 count=50 moduleLet=11');
  assert.equal(await terminal.exitCode(), 0);
});

test('inside an async function after await, locals are read and written back', async () => {
  using terminal = Terminal.start([nodeBinary, join(fixtures, 'after-await.mjs')]);
  await terminal.waitFor('\n> ');
  assert.equal(
    await terminal.run('[before, afterAwait, name]'),
    "[ 'job-before', 'job-after', 'job' ]",
  );
  await terminal.run("afterAwait = 'changed'");
  terminal.press('C-d');
  await terminal.waitFor('after: job-before changed');
  await terminal.waitFor('done');
});

test('TypeScript compiled with source maps: the banner names the .ts file and line', async () => {
  const out = join(repoRoot, 'build', 'fixtures-ts', randomUUID());
  try {
    execFileSync(process.execPath, [
      join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--outDir',
      out,
      '--rootDir',
      fixtures,
      '--sourceMap',
      '--module',
      'nodenext',
      '--target',
      'es2022',
      '--types',
      'node',
      '--skipLibCheck',
      '--ignoreConfig',
      join(fixtures, 'typed.ts'),
    ]);
    using terminal = Terminal.start([nodeBinary, '--enable-source-maps', join(out, 'typed.js')]);
    const banner = await terminal.waitFor('\n> ');
    assert.ok(
      banner.includes(
        `Hooked at ${join(fixtures, 'typed.ts')}:${lineOf(join(fixtures, 'typed.ts'), 'hook()')} - Ctrl+D`,
      ),
      banner,
    );
    assert.equal(await terminal.run('tax'), '10');
    assert.match(await terminal.run('.where'), /^\* 0 {2}checkout \(.*typed\.ts:\d+:\d+\)/);
    terminal.press('C-d');
    await terminal.waitFor('total 60');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('TypeScript run directly where Node strips types', {
  skip: !nodeStripsTypes() && 'this Node does not strip types',
}, async () => {
  using terminal = Terminal.start([nodeBinary, join(fixtures, 'typed.ts')]);
  const banner = await terminal.waitFor('\n> ');
  assert.ok(
    banner.includes(
      `Hooked at ${join(fixtures, 'typed.ts')}:${lineOf(join(fixtures, 'typed.ts'), 'hook()')} - `,
    ),
  );
  assert.equal(await terminal.run('order.total'), '50');
  terminal.press('C-d');
  await terminal.waitFor('total 60');
});

test('a debugger already attached (--inspect) is detected and named; the hook still works', async () => {
  using terminal = Terminal.start([
    nodeBinary,
    '--inspect=127.0.0.1:0',
    join(fixtures, 'plain-hook.mjs'),
  ]);
  const banner = await terminal.waitFor('\n> ');
  assert.match(
    banner,
    /hookline: an inspector is open \(ws:\/\/127\.0\.0\.1:\d+\/[\w-]+\): a debugger attached there sees hook\(\) pauses too, and resuming from it also resumes the hook\./,
  );
  assert.equal(await terminal.run('value'), '1');
  terminal.press('C-d');
  await terminal.waitFor(/Hooked at [^\n]*plain-hook\.mjs:7/);
  terminal.press('C-d');
  await terminal.waitFor('after 1');
  assert.equal(await terminal.exitCode(), 0);
});
