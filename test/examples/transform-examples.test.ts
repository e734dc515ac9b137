import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

test("example: the talk's smart assert — each part of a failing assert with its value, the whole last", () => {
  const result = runNode([join(repoRoot, 'build', 'examples', 'transform-smart-assert.js')]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.equal(
    result.stdout,
    [
      'Assertion failed',
      '3**2 -> 9',
      '4**2 -> 16',
      '3**2 + 4**2 -> 25',
      '5**2 -> 25',
      '3**2 + 4**2 !== 5**2 -> false',
      'Assertion failed',
      'a -> 10',
      'a < 2 -> false',
      '',
    ].join('\n'),
  );
});
