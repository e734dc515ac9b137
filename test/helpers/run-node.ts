import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder, from a compiled test under build/test/. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The Node binary under test: this machine's, or the second one the test script passes. */
export const nodeBinary = process.env['HOOKLINE_TEST_NODE'] ?? process.execPath;

export interface NodeResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Runs the Node under test with `args` in a child process and returns what it printed. */
export function runNode(args: readonly string[], options: SpawnSyncOptions = {}): NodeResult {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG: '', ...options.env };
  // Set by the test runner in its children: a `node --test` child would report to it instead.
  delete env['NODE_TEST_CONTEXT'];
  const result = spawnSync(nodeBinary, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    ...options,
    env,
  });
  if (result.error) throw result.error;
  return {
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    status: result.status,
    signal: result.signal,
  };
}

let stripsTypes: boolean | undefined;

/** Whether the Node under test runs TypeScript by stripping its types (Node 22.18+, 24). */
export function nodeStripsTypes(): boolean {
  stripsTypes ??= runNode(['-p', 'Boolean(process.features.typescript)']).stdout.trim() === 'true';
  return stripsTypes;
}

let inThreadHooks: boolean | undefined;

/**
 * Whether the Node under test has in-thread module hooks (`module.registerHooks`, Node 22.15+/24),
 * so that hookline sees what Node 20's loader thread hides.
 */
export function nodeHasInThreadHooks(): boolean {
  inThreadHooks ??=
    runNode(['-p', "typeof require('node:module').registerHooks === 'function'"]).stdout.trim() ===
    'true';
  return inThreadHooks;
}

/**
 * `stderr` without Node's deprecation of `module.register()` (DEP0205, printed from Node 26), which
 * a program that uses a loader registered that way (import-in-the-middle's, tsx's) gets from Node.
 */
export function withoutRegisterDeprecation(stderr: string): string {
  return stderr.replace(
    /^\(node:\d+\) \[DEP0205\] DeprecationWarning: .*\n(?:\(Use `node --trace-deprecation .*\n)?/gm,
    '',
  );
}
