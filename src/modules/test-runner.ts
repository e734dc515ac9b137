import { Module } from 'node:module';

/** A test runner that loads a test's modules with a module loader of its own. */
export type TestRunner = 'jest' | 'vitest';

/**
 * The test runner whose module loader the calling code runs under, if any. vitest marks the
 * global of each of its workers. A jest test runs in a realm of jest's own, while hookline's core
 * runs in Node's, so jest is told from the process instead: a worker (or an in-band run) has
 * JEST_WORKER_ID set and jest's runtime loaded; a program a test starts in a child process
 * inherits the variable, not the runtime. Asked only at the call of a public function.
 */
export function testRunnerOf(): TestRunner | undefined {
  if ('__vitest_worker__' in globalThis) return 'vitest';
  if (process.env['JEST_WORKER_ID'] !== undefined && jestRuntimeLoaded()) return 'jest';
  return undefined;
}

let jestRuntime: boolean | undefined;

function jestRuntimeLoaded(): boolean {
  const { _cache } = Module as unknown as { _cache: Record<string, unknown> };
  jestRuntime ??= Object.keys(_cache).some((file) => JEST_RUNTIME.test(file));
  return jestRuntime;
}

const JEST_RUNTIME = /[\\/]jest-runtime[\\/]/;
