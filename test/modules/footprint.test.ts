import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

/**
 * Builtins that cost start-up time and that hookline has no use for at start-up. Importing
 * `node:fs` as an ES module loads the first six (Node builds its facade by reading every export,
 * `fs.promises` too); the global `performance` loads perf_hooks.
 */
const heavy = [
  'internal/fs/promises',
  'internal/fs/streams',
  'stream',
  'internal/readline/interface',
  'readline',
  'internal/repl/history',
  'perf_hooks',
  'internal/perf/performance',
  'crypto',
  'http',
  'https',
];

/** The builtins a run of footprint.cjs loaded. */
function builtinsLoaded(args: readonly string[], env: NodeJS.ProcessEnv = {}): Set<string> {
  const { value } = runJson<string[]>([...args, 'footprint.cjs'], env);
  return new Set(value.map((entry) => entry.slice('NativeModule '.length)));
}

test('hookline/register, auditing and hooking CommonJS and ES modules, loads none of the heavy builtins a program did not ask for', () => {
  // Node's own module hooks load some of them on Node 20 (its loader thread): not hookline's doing.
  const node = builtinsLoaded(['--import', './hooks/node-passthrough.mjs']);
  const hookline = builtinsLoaded(['--import', 'hookline/register'], {
    HOOKLINE_PRELOAD: './hooks/footprint.mjs',
  });
  assert.ok(hookline.has('module'), 'the list is read');
  assert.deepEqual(
    heavy.filter((name) => hookline.has(name) && !node.has(name)),
    [],
  );
});
