import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/run-node.js';
import { runJson } from './fixture.js';

test('two installed copies of one build in a process share one registry: each hook applies once, every mock is found by import and require, and nothing is warned of', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-two-copies-test-'));
  try {
    cpSync(join(repoRoot, 'dist'), join(dir, 'dist'), { recursive: true });
    cpSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
    const { value, stderr } = runJson(['two-copies.mjs'], { HOOKLINE_COPY: dir });
    assert.equal(stderr, '');
    assert.deepEqual(value, {
      increment: '1 +first +second',
      mocks: ['first', 'second', 'first', 'second'],
      warnings: [],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
