import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { type NodeResult, repoRoot, runNode } from '../helpers/run-node.js';
import { runJson } from './fixture.js';

// hookline's module hooks called in jest and vitest tests, each runner run as a user runs it (its
// bin in a child process of the Node under test) over the fixture project in runners/, and from a
// test runner's realm (jest runs each test file in a vm context of its own).

const project = join(repoRoot, 'test', 'fixtures', 'modules', 'runners');
const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');

function run(args: readonly string[], nodeOptions: readonly string[]): NodeResult {
  const result = runNode(args, {
    cwd: project,
    env: { NODE_OPTIONS: nodeOptions.join(' '), FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' },
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  return result;
}

for (const preload of [[], ['--import', 'hookline/register']]) {
  const how = preload.length > 0 ? ' (hookline/register preloaded)' : '';

  for (const pool of preload.length > 0 ? ['forks'] : ['forks', 'threads']) {
    test(`vitest (pool ${pool}): builtins and the packages vitest externalizes (which it imports by their paths) are hooked, mocked by name, redirected and transformed${how}`, () => {
      run([vitest, 'run', '--configLoader', 'runner', '--pool', pool], preload);
    });
  }
}

test("a RegExp made in another realm (a vm context, as a jest test file's are) is onImport's match and transform's filter as one of hookline's own realm is", () => {
  const { value } = runJson(['realm-regexp.mjs']);
  assert.deepEqual(value, { seen: ['onImport'], kind: 'transformed' });
});
