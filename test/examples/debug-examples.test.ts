import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeBinary, repoRoot } from '../helpers/run-node.js';
import { runWithoutTerminal, Terminal } from '../helpers/terminal.js';

// The blog's three uses of hook() and the talk's frame example, run as a person would: in a
// terminal, typing at the prompt; and with no terminal, where each hook is skipped.

const examples = join(repoRoot, 'build', 'examples');
const example = (name: string) => [
  nodeBinary,
  '--enable-source-maps',
  join(examples, `${name}.js`),
];

test('debug-filehasher: the prompt shows the text is not the bytes, and the right digest', async () => {
  const bytes = Buffer.from('café\n', 'latin1');
  const right = createHash('sha256').update(bytes).digest('hex');
  using terminal = Terminal.start(example('debug-filehasher'));
  const banner = await terminal.waitFor('\n> ');
  assert.match(
    banner,
    /Why does the digest differ from sha256sum\?\nHooked at .*examples\/debug-filehasher\.ts:\d+ - Ctrl\+D to resume/,
  );
  assert.equal(await terminal.run('typeof text'), "'string'");
  assert.equal(await terminal.run('[Buffer.byteLength(text), bytesRead]'), '[ 7, 5 ]');
  assert.equal(
    await terminal.run('Buffer.from(text).equals(buffer.subarray(0, bytesRead))'),
    'false',
  );
  assert.equal(
    await terminal.run("createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex')"),
    `'${right}'`,
  );
  terminal.press('C-d');
  const screen = await terminal.waitFor(/Hash: [0-9a-f]{64}/);
  assert.doesNotMatch(
    screen,
    new RegExp(`Hash: ${right}`),
    'the bug is still there until the code is fixed',
  );
});

test('debug-inspect-model: the trained model and its helpers are at the prompt', async () => {
  using terminal = Terminal.start(example('debug-inspect-model'));
  const banner = await terminal.waitFor('\n> ');
  assert.match(
    banner,
    /Trained on 2000 points for 200 epochs\nHooked at .*debug-inspect-model\.ts:\d+/,
  );
  assert.equal(await terminal.run('accuracy(model, test).toFixed(3)'), "'0.964'");
  assert.equal(await terminal.run('model.weights.length'), '3');
  assert.match(
    await terminal.run('test.filter((p) => predict(model, p.x) !== p.label).length'),
    /^\d+$/,
  );
  terminal.press('C-d');
  await terminal.waitFor('accuracy 0.964');
  assert.equal(await terminal.exitCode(), 0);
});

test('debug-save-load: an index saved from one run replaces the computed one in the next', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'hookline-example-'));
  try {
    const file = JSON.stringify(join(folder, 'index.bin'));
    {
      using first = Terminal.start(example('debug-save-load'));
      await first.waitFor('\n> ');
      assert.equal(await first.run('index.size'), '41');
      await first.run(`index.set('saved', [1, 2, 3, 4, 5]); index.size`);
      await first.run(
        `require('node:fs').writeFileSync(${file}, require('node:v8').serialize(index))`,
      );
      first.line('.continue');
      await first.waitFor('42 words; most frequent: saved (5)');
    }
    using second = Terminal.start(example('debug-save-load'));
    await second.waitFor('\n> ');
    assert.equal(await second.run('index.has("saved")'), 'false');
    await second.run(
      `index = require('node:v8').deserialize(require('node:fs').readFileSync(${file}))`,
    );
    second.press('C-d');
    await second.waitFor('42 words; most frequent: saved (5)');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("debug-interpolate prints the talk's sentence from the caller's variables", async () => {
  const result = await runWithoutTerminal(nodeBinary, [join(examples, 'debug-interpolate.js')]);
  assert.equal(
    result.stdout,
    [
      'My name is Mr. Guido van Rossum, Esquire.',
      'I have visited the following cities: Amsterdam, LA, New York, DC, Chicago.',
      "caller's locals: callerLocals, interpolate, name, places, template",
      '',
    ].join('\n'),
  );
  assert.equal(result.status, 0);
});

for (const [name, output] of [
  ['debug-filehasher', /^Hash: [0-9a-f]{64}\n$/],
  ['debug-inspect-model', /^accuracy 0\.964\n$/],
  ['debug-save-load', /^41 words; most frequent: /],
] as const) {
  test(`${name} with no terminal: the hook is skipped with one line and the program finishes`, async () => {
    const result = await runWithoutTerminal(nodeBinary, [
      '--enable-source-maps',
      join(examples, `${name}.js`),
    ]);
    assert.match(result.stdout, output);
    assert.match(
      result.stderr,
      new RegExp(`^hookline: hook\\(\\) at .*examples/${name}\\.ts:\\d+ skipped: no terminal`),
    );
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.equal(result.status, 0);
  });
}
