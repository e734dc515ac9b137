import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

test("example: the talk's smart assert — each part of a failing assert with its value under it", () => {
  const result = runNode([join(repoRoot, 'build', 'examples', 'transform-smart-assert.js')]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.equal(
    result.stdout,
    [
      'Assertion failed',
      '',
      '  assert(3**2 + 4**2 !== 5**2)',
      '          |   |  |   |    |',
      '          |   |  |   |    25',
      '          9   25 16  false',
      'Assertion failed',
      '',
      '  assert(a < 2)',
      '         | |',
      '         | false',
      '         10',
      '',
    ].join('\n'),
  );
});
