import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

const program = join(repoRoot, 'test', 'fixtures', 'debug', 'in-worker.mjs');

test('in a worker thread, which cannot be paused, callerLocals() and interpolate() throw saying so, and hook() and hookOnError() print it and go on', () => {
  // Socket mode needs no terminal: hook() goes as far as it can.
  const result = runNode([program], { env: { HOOKLINE_HOOK: 'socket' } });
  assert.equal(result.status, 0, result.stderr);
  const why =
    "it runs in a worker thread, and hookline can pause the main thread only (a thread reaches no other thread's inspector but the main thread's). Call it in code that runs in the main thread.";
  assert.equal(
    result.stdout,
    [
      `callerLocals ERR_HOOKLINE_PAUSE_FAILED: callerLocals(): Expected the debugger to pause the program for a moment but got ${why}`,
      `interpolate ERR_HOOKLINE_PAUSE_FAILED: interpolate(template): Expected the debugger to pause the program for a moment but got ${why}`,
      'hookOnError false',
      'worker goes on 42',
      'worker exit 0',
      '',
    ].join('\n'),
  );
  assert.match(
    result.stderr,
    /^hookline: hook\(\) at .*in-worker\.mjs:20 skipped: it runs in a worker thread, /,
  );
  assert.match(
    result.stderr,
    /\nhookline: post-mortem prompt is off: it runs in a worker thread, /,
  );
  assert.equal(result.stderr.split('\n').filter(Boolean).length, 2, result.stderr);
});
