import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

const program = join(repoRoot, 'test', 'fixtures', 'trace', 'in-worker.mjs');

test('in a worker thread, whose code they cannot watch, onException and logpoint throw saying so, rather than listening to nothing', () => {
  const result = runNode([program]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  const lines = result.stdout.split('\n');
  for (const [index, where] of [
    [0, 'onException\\(listener, options\\)'],
    [1, 'logpoint\\("[^"]*in-worker\\.mjs:20", "name"\\)'],
  ] as const) {
    assert.match(
      lines[index] ?? '',
      new RegExp(
        `^\\w+ ERR_HOOKLINE_INSPECTOR_UNAVAILABLE: ${where}: .*a call from a worker thread, whose exceptions and lines cannot be watched .*Call it in code that runs in the main thread`,
      ),
    );
  }
  assert.deepEqual(lines.slice(2), ['worker goes on', 'worker exit 0', '']);
});
