import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

const example = (name: string) => join(repoRoot, 'build', 'examples', `${name}.js`);

test('demo: the tour runs and ends with everything restored', () => {
  const result = runNode([example('demo')]);
  assert.equal(result.stderr, '');
  assert.equal(result.status, 0);
  assert.match(result.stdout, /total\(10, 20, 30\) = 60, with 10% off = 54/);
  assert.match(result.stdout, /recorded 1 call: args \[\[5,5\]\], result 9/);
  assert.match(result.stdout, /total\(5, 5\) = 10, spy has 2 calls/);
  assert.match(result.stdout, /existsSync\('\/imaginary'\) = true/);
  assert.match(result.stdout, /captured "this line is captured\\n"/);
  assert.match(result.stdout, /everything back — existsSync\('\/imaginary'\) = false\n/);
  assert.match(result.stdout, /import\('pycon2016'\)\.greet\('Node'\) = "hello Node"/);
  assert.match(result.stdout, /dynamic-import of node:zlib by demo\.js/);
  assert.match(result.stdout, / {3}3 items, total 12\n$/);
});

test('capture-output: print to a buffer, then to the console again', () => {
  const result = runNode([example('capture-output')]);
  assert.equal(
    result.stdout,
    [
      'before: on the console',
      "captured lines: [ 'abc', 'xyz', '123' ]",
      'after: on the console again',
      'after the block: on the console again; the block wrote "this goes to the buffer only\\n"',
      '',
    ].join('\n'),
  );
  assert.equal(result.status, 0);
});

test('audit-file-opens: every open is seen with its time, flags and caller', () => {
  const result = runNode([example('audit-file-opens')]);
  assert.equal(result.stderr, '');
  assert.equal(result.status, 0);
  const lines = result.stdout.trim().split('\n');
  assert.deepEqual(lines.slice(0, 5), [
    'detected file opening: t1.txt',
    'detected file opening: t2.txt',
    'detected file opening: t3.txt',
    'detected file opening: t4.txt',
    'history:',
  ]);
  for (const [i, line] of lines.slice(5).entries()) {
    assert.match(
      line,
      new RegExp(
        `^  \\d\\d:\\d\\d:\\d\\d open t${i + 1}\\.txt "w" by main \\(audit-file-opens\\.js:\\d+\\)$`,
      ),
    );
  }
  assert.equal(lines.length, 9);
});

test('functions-are-objects: own properties come and go, and a patch keeps them', () => {
  const result = runNode([example('functions-are-objects')]);
  assert.equal(
    result.stdout,
    [
      "own properties: [ 'hello', 'word' ]",
      "after delete hello: [ 'word' ]",
      'patched call: wrapped fn',
      "the patched function keeps them: [ 'word' ] abc",
      'and its name and length: fn 0',
      '',
    ].join('\n'),
  );
});

test('mock-config-loader: the unit tests pass without waiting for the slow loader', () => {
  const result = runNode(['--test', '--test-reporter=spec', example('mock-config-loader')]);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /ℹ pass 5\n/);
  assert.doesNotMatch(result.stdout, /load data from remote system/);
  assert.match(result.stdout, /ℹ fail 0\n/);
});
