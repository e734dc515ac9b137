import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

test("example: the talk's audit policy — md5, a removal under /etc and child_process denied before they happen, a weak hash logged", () => {
  const result = runNode([join(repoRoot, 'build', 'examples', 'audit-policy.js')]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    result.stdout,
    [
      'log: crypto.hash sha256',
      'sha256 of "hello": done',
      'md5 of "hello": denied (ERR_HOOKLINE_AUDIT_DENIED) by the crypto.hash rule',
      'remove /etc/hosts: denied (ERR_HOOKLINE_AUDIT_DENIED) by the fs.rm rule',
      'load child_process: denied (ERR_HOOKLINE_AUDIT_DENIED) by the module.import rule',
      'md5 once the policy is undone: done',
      '',
    ].join('\n'),
  );
});
