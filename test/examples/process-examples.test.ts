import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

test("example: the talk's exit hook — last registered first, with their arguments, the one that raises reported while the others run, on the main thread", () => {
  const result = runNode([join(repoRoot, 'build', 'examples', 'process-exit-hook.js')]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    result.stdout,
    [
      '** main main thread',
      '** exit3 main thread (async: waited for)',
      '** exit2 main thread',
      '** exit1 main thread',
      '** exit0 main thread [1,2,{"a":1}]',
      '',
    ].join('\n'),
  );
  assert.match(
    result.stderr,
    /^\(node:\d+\) HooklineWarning: an onExit handler \(function exit1\) threw as the program ends by its event loop emptying; the others still run \(exit1\)\n/,
  );
});
