import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type NodeResult,
  nodeBinary,
  nodeHasInThreadHooks,
  repoRoot,
  runNode,
} from '../helpers/run-node.js';

const execFileAsync = promisify(execFile);

/** The fixture app: scripts, and a node_modules of CommonJS, ES, dual and other packages. */
export const appDir = join(repoRoot, 'test', 'fixtures', 'modules', 'app');

/**
 * What esm-static.mjs prints when hooks/esm-preload.mjs was loaded before it (with `--import`, or
 * through hookline/register): patched static imports, live bindings following the original.
 */
export const preloadedStaticImports = {
  before: 0,
  result: 1001,
  after: 1,
  fromB: 'B preloaded',
  c: 'C2',
  defaultCall: 'default',
};

/** Runs a script of the fixture app (or `-e` code) on the Node under test, from the app's folder. */
export function runApp(args: readonly string[], env: NodeJS.ProcessEnv = {}): NodeResult {
  return runNode(args, { cwd: appDir, env });
}

/** Runs a fixture script that prints one JSON line, checks it exited cleanly, and parses it. */
export function runJson<T = Record<string, unknown>>(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { value: T; stderr: string } {
  const result = runApp(args, env);
  if (result.status !== 0) {
    throw new Error(
      `${args.join(' ')} exited ${result.status}\n${result.stderr}\n${result.stdout}`,
    );
  }
  const line = result.stdout.trim().split('\n').pop() ?? '';
  return { value: JSON.parse(line) as T, stderr: result.stderr };
}

/**
 * Like {@link runJson}, without blocking this process: for tests that serve the child from here
 * (an HTTP server on loopback must answer while the child runs).
 */
export async function runJsonAsync<T = Record<string, unknown>>(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<T> {
  const { stdout } = await execFileAsync(nodeBinary, args, {
    cwd: appDir,
    timeout: 60_000,
    env: { ...process.env, NODE_DEBUG: '', ...env },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as T;
}

/**
 * What a fixture that requires an ES module reports, where Node lets module hooks see that
 * module's imports (22.15+, 24: `seen`, and no warning) and where it does not (Node 20: the values
 * of `unseen`, and one warning that `unseen.warning` matches).
 */
export function assertSeenOrWarned(
  value: { readonly warnings: readonly string[] },
  seen: object,
  unseen: { readonly value: object; readonly warning: RegExp },
): void {
  if (nodeHasInThreadHooks()) {
    assert.deepEqual(value, { ...seen, warnings: [] });
    return;
  }
  const { warnings, ...rest } = value;
  assert.deepEqual(rest, unseen.value);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', unseen.warning);
}
