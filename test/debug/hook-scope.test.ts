import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeBinary, repoRoot } from '../helpers/run-node.js';
import { Terminal } from '../helpers/terminal.js';

// The prompt's scope is the caller's, and what survives resuming depends on overwriteLocals
// and snapshot. Driven through a real terminal, as a person would use it.

const fixture = join(repoRoot, 'test', 'fixtures', 'debug', 'scope.mjs');
const hookLine =
  readFileSync(fixture, 'utf8')
    .split('\n')
    .findIndex((line) => line.trim().startsWith('hook(')) + 1;

function startScope(options: object): Terminal {
  return Terminal.start([nodeBinary, fixture], { env: { HOOK_OPTIONS: JSON.stringify(options) } });
}

test('the banner names the call site after the banner line, and says assignments work on copies', async () => {
  using terminal = startScope({ banner: 'Checking the counter' });
  const screen = await terminal.waitFor('\n> ');
  assert.ok(
    screen.includes(`Checking the counter\nHooked at ${fixture}:${hookLine} - Ctrl+D to resume\n`),
    screen,
  );
  assert.match(screen, /Working on copies: assignments to the caller's variables are not kept/);
  terminal.press('C-d');
  assert.equal(await terminal.exitCode(), 0);
});

test('locals, block, closure, module and global variables and this are all in scope', async () => {
  using terminal = startScope({});
  await terminal.waitFor('\n> ');
  assert.equal(await terminal.run('total'), '7');
  assert.equal(await terminal.run('inBlock'), '14');
  assert.equal(await terminal.run('count'), '5');
  assert.equal(await terminal.run('by'), '2');
  assert.equal(await terminal.run('label'), "'step'");
  assert.equal(await terminal.run('moduleConst'), "'module-level'");
  assert.equal(await terminal.run('someGlobal'), "'global-value'");
  assert.equal(await terminal.run('this.x'), '1');
  assert.equal(await terminal.run('typeof hook'), "'function'");
  assert.equal(await terminal.run('({ sum: total + count })'), '{ sum: 12 }');
  terminal.press('C-d');
  await terminal.waitFor('done module-level');
  assert.equal(await terminal.exitCode(), 0);
});

test('by default assignments work on copies, while objects stay shared', async () => {
  using terminal = startScope({});
  await terminal.waitFor('\n> ');
  await terminal.run('total = 100');
  await terminal.run('moduleLet = 99');
  await terminal.run('data.n = 2');
  await terminal.run('this.x = 9');
  assert.equal(await terminal.run('total'), '100', 'the prompt sees its own copy change');
  terminal.press('C-d');
  const screen = await terminal.waitFor('after:');
  assert.match(
    screen,
    /after: total=7 count=5 inBlock=14 moduleLet=10 label=step data\.n=2 this\.x=9/,
  );
});

test('overwriteLocals: true keeps assignments to locals, block, closure and module variables', async () => {
  using terminal = startScope({ overwriteLocals: true });
  const banner = await terminal.waitFor('\n> ');
  assert.match(banner, /Assignments change the caller's variables\./);
  await terminal.run('total = 100');
  await terminal.run('inBlock = 7');
  await terminal.run('count = 50');
  await terminal.run('moduleLet = 99');
  terminal.press('C-d');
  const screen = await terminal.waitFor('after:');
  assert.match(screen, /after: total=100 count=50 inBlock=7 moduleLet=99 label=step/);
});

test("snapshot: 'deep' clones values, and names the ones it could not clone", async () => {
  using terminal = startScope({ snapshot: 'deep' });
  const banner = await terminal.waitFor('\n> ');
  assert.match(banner, /Working on deep copies \(structuredClone\)/);
  assert.match(banner, /Not cloned \(shared with the program\): .*\bfn\b/);
  await terminal.run('data.n = 2');
  assert.equal(await terminal.run('data.n'), '2');
  terminal.press('C-d');
  const screen = await terminal.waitFor('after:');
  assert.match(screen, /data\.n=1 /, 'the program keeps its own object');
});

test('assigning to a const says so and changes nothing', async () => {
  using terminal = startScope({ overwriteLocals: true });
  await terminal.waitFor('\n> ');
  assert.equal(
    await terminal.run("label = 'x'"),
    'label is a const in the caller: it cannot be assigned.',
  );
  assert.match(await terminal.run("moduleConst = 'x'"), /const/);
  terminal.press('C-d');
  const screen = await terminal.waitFor('done');
  assert.match(screen, /label=step/);
  assert.match(screen, /done module-level/);
});

test('a variable the function never uses is explained, and an assignment does not create a global', async () => {
  using terminal = startScope({ overwriteLocals: true });
  await terminal.waitFor('\n> ');
  const read = await terminal.run('secret');
  assert.match(read, /ReferenceError: secret is not defined/);
  assert.match(read, /secret is declared in the source, but this function never uses it/);
  const assigned = await terminal.run('brandNew = 5');
  assert.match(
    assigned,
    /brandNew is not a variable here, so it is a prompt variable now rather than a new global/,
  );
  assert.equal(await terminal.run('brandNew * 2'), '10');
  assert.equal(await terminal.run("'brandNew' in globalThis"), 'false');
});
