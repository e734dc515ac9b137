import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeHasInThreadHooks } from '../helpers/run-node.js';
import { runJson } from './fixture.js';

// mockModule as a test author uses it, for esmock's, proxyquire's and vi.mock's jobs: the fixtures
// in testers/ are test files and modules under test.

test('a mock undone while an import that resolved to it is under way: the import gets it, and nothing fails (where it threw "mock #n was removed before its module loaded")', () => {
  const { value, stderr } = runJson(['testers/in-flight-undo.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    // Node 22.15+/24 resolve an import() as it is called; Node 20's loader thread at its next turn,
    // after the undo.
    got: [nodeHasInThreadHooks() ? 'mock query / mock close' : 'real query / real close'],
    afterwards: 'real query / real close',
  });
});
