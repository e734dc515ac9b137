import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

test("example: the talk's settrace hack — onCall bumps an even argument, so printOdd prints only odd numbers until unhooked", () => {
  const result = runNode([join(repoRoot, 'build', 'examples', 'trace-change-arguments.js')]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, ['1', '1', '3', '3', '5', '5', '2', ''].join('\n'));
  assert.equal(result.stderr, '');
});
