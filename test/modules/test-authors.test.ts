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

test("the mock of a CommonJS file, imported, has the whole mock as its default export as Node gives that file's module.exports (not its `default` key, which an ES module's mock keeps): a test passes only where the program would", () => {
  const { value, stderr } = runJson(['testers/cjs-default.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    compiled: {
      real: { default: ['default', 'helper'], named: ['__esModule', 'helper'] },
      mocked: { default: ['__esModule', 'default', 'helper'], named: ['__esModule', 'helper'] },
    },
    typeCommonJs: {
      real: { default: ['default', 'mode'], named: [] },
      // Node finds no names in an object literal; a mock's keys are its names.
      mocked: { default: ['default', 'mode'], named: ['mode'] },
    },
    esm: {
      real: { default: 'real default', named: ['helper'] },
      mocked: { default: 'mock default', named: ['helper'] },
    },
    notYetWritten: {
      real: 'ERR_MODULE_NOT_FOUND',
      mocked: { default: 'mock default', named: ['helper'] },
    },
  });
});
