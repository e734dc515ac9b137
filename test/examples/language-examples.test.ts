import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

/** Runs a compiled example on the Node under test and returns its output, checking it succeeded. */
function example(name: string): string {
  const result = runNode([join(repoRoot, 'build', 'examples', `language-${name}.js`)]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  return result.stdout;
}

test("example: a block's enter and exit — the timer reports as its block ends, also when the block throws", () => {
  const lines = example('block-timer').trim().split('\n');
  const seconds = /^ {5}\d+\.\d{6} seconds$/;
  assert.equal(lines.length, 7, lines.join('\n'));
  assert.equal(lines[0], 'sum is finite: true');
  assert.equal(lines[1], '*** performance for "function call" ***');
  assert.match(lines[2] ?? '', seconds);
  assert.equal(lines[3], '-'.repeat(30));
  assert.equal(lines[4], '*** performance for "function call that throws" ***');
  assert.match(lines[5] ?? '', seconds);
  assert.equal(lines[6], 'caught after the block: division by zero');
});

test('example: operators — a placeholder for Scala-like lambdas, and a task graph chained as >> chained it', () => {
  assert.equal(
    example('operators'),
    [
      '[0,2,4,6]',
      '[10,11,12,13]',
      ' + t1',
      '   + t2',
      '     + t3',
      '       + t4',
      '     + t5',
      '       + t6',
      '   + t7',
      '',
    ].join('\n'),
  );
});

test('example: a lazy property chain — each cell downloads only when its .data is read', () => {
  assert.equal(
    example('lazy-chain'),
    [
      'nothing downloaded yet: lazyChain(xiaoMing.Address)',
      '*** Downloading from',
      '\t"user1.storage.azure.com/table/students/xiaoMing/Address"',
      '*** Downloading Complete',
      'Hello PyCon 2016: xiaoMing.Address',
      '-'.repeat(30),
      '*** Downloading from',
      '\t"user1.storage.azure.com/table/students/Jim/birthday"',
      '*** Downloading Complete',
      'Hello PyCon 2016: Jim.birthday',
      '',
    ].join('\n'),
  );
});

test("example: audit a third party's object — each read reported, a missing property answered", () => {
  assert.equal(
    example('audit-attributes'),
    [
      '** accessing :x',
      '1',
      '** accessing :y',
      '2',
      '** handling :z',
      '** accessing :z',
      'z',
      '',
    ].join('\n'),
  );
});

test('example: function decorators — logging and timing stacked, a retry, an authorisation check, a dummy', () => {
  assert.equal(
    example('function-decorators'),
    [
      '+ Enter "doJob"',
      'Hello PyCon 2016 China!',
      '+ Exit "doJob"',
      '* Time consumed by "doJob": … ms',
      'worked after 3 attempts',
      '** This is Home Page.',
      '**** Permission Denied: AdminPage',
      'Do nothing',
      '',
    ].join('\n'),
  );
});

test("example: a class's methods synchronized — the talk's race loses two writes without it, and keeps all three with it", () => {
  assert.equal(
    example('synchronized'),
    [
      'Task: final data: xxx333 (length should be 12)',
      'SynchronizedTask: final data: xxx111222333',
      '',
    ].join('\n'),
  );
});

test('example: a registry of leaf classes as the hierarchy grows', () => {
  assert.equal(
    example('class-registry'),
    [
      'Color: Blue, Red, Green, Yellow',
      'Color: Red, Green, Yellow, PhthaloBlue, CeruleanBlue',
      'one registry for the hierarchy: true',
      '',
    ].join('\n'),
  );
});

test('example: a final class — a subclass is refused at its first new, with an error naming both', () => {
  const lines = example('final-class').split('\n');
  assert.equal(lines[0], 'new B() works: true');
  assert.match(
    lines[1] ?? '',
    /^ERR_HOOKLINE_FINAL_CLASS: new C\(\): Expected a class that does not extend B \(B is final\) but got C, which extends it\./,
  );
});

test("example: validated fields — the constructor's values and every later set checked, each instance its own", () => {
  assert.equal(
    example('validated-fields'),
    [
      'p.age = 10: allowed',
      'p.age = 0: refused (ERR_HOOKLINE_OUT_OF_RANGE)',
      'new People(-1, 200): refused (ERR_HOOKLINE_OUT_OF_RANGE)',
      'each instance its own: p.age 10, q.age 30',
      '',
    ].join('\n'),
  );
});
