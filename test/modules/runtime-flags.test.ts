import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeBinary, runNode } from '../helpers/run-node.js';
import { appDir, runApp } from './fixture.js';

/** What flags/all-apis.mjs prints where every module API works. */
const allApisWork = {
  cjs: 'hooked cjs',
  esm: 'hooked esm',
  mock: true,
  redirect: 'replacement',
  transformedCjs: 42,
  transformedEsm: 42,
  scheme: 'flagsvirt:x',
  lazy: 'hooked cjs',
  audited: ['require cjs-pkg', 'dynamic-import esm-pkg'],
  warnings: [],
};

/** The Node under test's major version. */
const nodeMajor = Number(
  runNode(['-p', 'process.versions.node']).stdout.trim().split('.')[0] ?? '0',
);

/** The flag that turns the permission model on: Node 20's is still experimental. */
const permissionFlag = nodeMajor >= 22 ? '--permission' : '--experimental-permission';

/** Runs a fixture of the app with `flags` and a cache folder of its own, and parses its last line. */
function runWithFlags(
  flags: readonly string[],
  script: string,
  env: NodeJS.ProcessEnv = {},
): { value: Record<string, unknown>; stderr: string } {
  const cache = mkdtempSync(join(tmpdir(), 'hookline-flags-'));
  try {
    const result = runApp([...flags, script], { HOOKLINE_CACHE: cache, ...env });
    if (result.status !== 0) {
      assert.fail(`${[...flags, script].join(' ')} exited ${result.status}\n${result.stderr}`);
    }
    const line = result.stdout.trim().split('\n').pop() ?? '';
    return { value: JSON.parse(line) as Record<string, unknown>, stderr: result.stderr };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

test('under the permission model without --allow-inspector, a hook added after ES modules loaded does not crash the program asking V8 which scripts it compiled', () => {
  // Node 20 needs --allow-worker for its loader thread; that case has a test of its own.
  const flags = [permissionFlag, '--allow-fs-read=*', ...(nodeMajor < 22 ? ['--allow-worker'] : [])];
  const { value } = runWithFlags(flags, 'flags/all-apis.mjs');
  assert.deepEqual(value, allApisWork);
});

void nodeBinary;
void appDir;
