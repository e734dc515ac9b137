// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} in plain strings is the template syntax interpolate() reads.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeBinary, repoRoot } from '../helpers/run-node.js';
import { Terminal } from '../helpers/terminal.js';

// What the prompt does with what is typed at it: ways to resume or end, its own pitfalls
// handled, completion, multi-line input, moving between frames, require in an ES module.

const fixtures = join(repoRoot, 'test', 'fixtures', 'debug');
const plainHook = join(fixtures, 'plain-hook.mjs');
const scope = join(fixtures, 'scope.mjs');

for (const [how, keys] of [
  ['Ctrl+D', ['C-d']],
  ['.exit', ['.exit', 'Enter']],
  ['.continue', ['.continue', 'Enter']],
  ['exit', ['exit', 'Enter']],
  ['quit', ['quit', 'Enter']],
  ['Ctrl+C twice', ['C-c', 'C-c']],
] as const) {
  test(`${how} resumes the program`, async () => {
    using terminal = Terminal.start([nodeBinary, plainHook]);
    await terminal.waitFor('\n> ');
    for (const key of keys) {
      if (key.startsWith('.') || key === 'exit' || key === 'quit') terminal.type(key);
      else terminal.press(key);
    }
    // plain-hook.mjs hooks twice: the second prompt shows the first one resumed.
    await terminal.waitFor(/Hooked at [^\n]*\n[\s\S]*Hooked at /);
    terminal.press('C-d');
    await terminal.waitFor('after 1');
    assert.equal(await terminal.exitCode(), 0);
  });
}

test('.abort ends the program with a clear message and exit code 1', async () => {
  using terminal = Terminal.start([nodeBinary, plainHook]);
  await terminal.waitFor('\n> ');
  terminal.line('.abort');
  const screen = await terminal.waitFor(/\[exit \d+\]/);
  assert.match(screen, /hookline: program ended by \.abort at .*plain-hook\.mjs:6/);
  assert.doesNotMatch(screen, /after 1/);
  assert.equal(await terminal.exitCode(), 1);
});

test('process.exit() typed at the prompt asks first: no goes on, yes ends with its code', async () => {
  using terminal = Terminal.start([nodeBinary, plainHook]);
  await terminal.waitFor('\n> ');
  terminal.line('process.exit(4)');
  await terminal.waitFor('process.exit(4) would end the program. End it? (y/N) ');
  assert.equal(await terminal.run('n'), 'The program goes on.');
  terminal.line('process.exit(4)');
  await terminal.waitFor(/End it\? \(y\/N\) [^\n]*\n[\s\S]*End it\? \(y\/N\) $/m);
  terminal.line('y');
  assert.equal(await terminal.exitCode(), 4);
  assert.doesNotMatch(terminal.screen(), /after 1/);
});

test('names declared at the prompt persist from line to line, var and function included', async () => {
  using terminal = Terminal.start([nodeBinary, scope]);
  await terminal.waitFor('\n> ');
  assert.equal(await terminal.run('let a = 2, { n } = data'), 'undefined');
  assert.equal(await terminal.run('var b = a + n'), 'undefined');
  assert.equal(await terminal.run('function twice(x) { return 2 * x }'), 'undefined');
  assert.equal(await terminal.run('class Box { constructor(v) { this.v = v } }'), 'undefined');
  assert.equal(await terminal.run('twice(b) + new Box(total).v'), '13');
  await terminal.run('const fixed = 1');
  assert.match(await terminal.run('fixed = 2'), /TypeError: Assignment to constant variable\./);
  assert.equal(await terminal.run('for (var i = 0; i < 3; i++) a += i; a'), '5');
  assert.match(await terminal.run('.locals'), /prompt: a, n, b, twice, Box, fixed/);
});

test('await gets a one-line explanation instead of hanging', async () => {
  using terminal = Terminal.start([nodeBinary, plainHook]);
  await terminal.waitFor('\n> ');
  assert.match(
    await terminal.run('await Promise.resolve(1)'),
    /^`await` cannot work here: the program is paused, so no promise can settle until it resumes\./,
  );
  assert.equal(await terminal.run('[1, 2].map(async (x) => await x).length'), '2');
});

test('errors print as in Node, without the prompt machinery in the stack', async () => {
  using terminal = Terminal.start([nodeBinary, plainHook]);
  await terminal.waitFor('\n> ');
  const output = await terminal.run("throw new RangeError('too far')");
  assert.match(output, /^Uncaught RangeError: too far/);
  assert.doesNotMatch(output, /toolkit|eval at/);
});

test('multi-line input continues until the statement is complete', async () => {
  using terminal = Terminal.start([nodeBinary, scope]);
  await terminal.waitFor('\n> ');
  // Each line waits for the REPL's answer to the one before: Node's REPL continues with `... `
  // (Node 24: `| `), and a line typed before that prompt shows may be read as part of the last.
  const continued = /\n(\.\.\.|\|) ?(\n|$)/;
  const typeLine = (text: string, expected: RegExp) => {
    const before = terminal.screen().trimEnd().length;
    terminal.line(text);
    return terminal.waitFor(expected, { from: before + text.length });
  };
  await typeLine('function area(w, h) {', continued);
  await typeLine('  return w * h;', continued);
  await typeLine('}', /\}\n(.*\n)?undefined\n> /);
  assert.equal(await terminal.run('area(total, 2)'), '14');
  assert.equal(await terminal.run('`a ${total}\nb`'.replace('\n', '\\n')), "'a 7\\nb'");
});

test('Tab completes names in scope, globals, and properties after a dot', async () => {
  using terminal = Terminal.start([nodeBinary, scope]);
  await terminal.waitFor('\n> ');
  terminal.type('inBl');
  terminal.press('Tab');
  await terminal.waitFor('> inBlock');
  terminal.press('C-u');
  terminal.type('someGlo');
  terminal.press('Tab');
  await terminal.waitFor('> someGlobal');
  terminal.press('C-u');
  terminal.type('data.');
  terminal.press('Tab', 'Tab');
  await terminal.waitFor(/\bn\b[\s\S]*hasOwnProperty/);
  terminal.press('C-u');
  terminal.type('label.toUpp');
  terminal.press('Tab');
  await terminal.waitFor('> label.toUpperCase');
  terminal.type('()');
  terminal.press('Enter');
  await terminal.waitFor("'STEP'");
});

test('.where prints the stack; .up and .down move the prompt between frames', async () => {
  using terminal = Terminal.start([nodeBinary, scope]);
  await terminal.waitFor('\n> ');
  const stack = await terminal.run('.where');
  assert.match(
    stack,
    /^\* 0 {2}step \(.*scope\.mjs:\d+:\d+\)\n {2}1 {2}<anonymous> \(.*scope\.mjs:\d+:\d+\)/,
  );
  assert.match(await terminal.run('.down'), /Already at the newest frame\./);
  assert.match(await terminal.run('.up'), /^Frame 1: <anonymous> at .*scope\.mjs:\d+$/);
  assert.equal(await terminal.run('typeof holder.step'), "'function'");
  assert.match(await terminal.run('.locals'), /module: .*\bholder\b/);
  assert.match(await terminal.run('.down'), /^Frame 0: step at /);
  assert.equal(await terminal.run('inBlock'), '14');
  assert.match(
    await terminal.run('.locals'),
    /block: inBlock\nlocal: by, label, data, fn, total\nclosure: count/,
  );
});

test('require works in an ES module caller, so data can be saved and loaded with v8.serialize', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'hookline-save-'));
  try {
    const file = join(folder, 'data.bin');
    using terminal = Terminal.start([nodeBinary, scope], {
      env: { HOOK_OPTIONS: JSON.stringify({ overwriteLocals: true }) },
    });
    await terminal.waitFor('\n> ');
    assert.equal(await terminal.run('typeof require'), "'function'");
    await terminal.run(
      `require('node:fs').writeFileSync(${JSON.stringify(file)}, require('node:v8').serialize({ total, kept: [count] }))`,
    );
    assert.equal(
      await terminal.run(
        `require('node:v8').deserialize(require('node:fs').readFileSync(${JSON.stringify(file)}))`,
      ),
      '{ total: 7, kept: [ 5 ] }',
    );
    await terminal.run(
      `total = require('node:v8').deserialize(require('node:fs').readFileSync(${JSON.stringify(file)})).total * 3`,
    );
    terminal.press('C-d');
    await terminal.waitFor('after: total=21');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
