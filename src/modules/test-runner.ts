import { isBuiltin, Module } from 'node:module';
import { warn } from '../internal/warning.js';
import { isLocalSpecifier } from './local-module.js';
import { isPackageImportsName } from './matcher.js';

/** A test runner that loads a test's modules with a module loader of its own. */
export type TestRunner = 'jest' | 'vitest';

/** The public functions whose effect depends on which loader loads the modules they name. */
export type RunnerFeature =
  | 'mockModule'
  | 'onImport'
  | 'auditImports'
  | 'redirect'
  | 'transform'
  | 'registerScheme';

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

const reported = new Set<string>();

/**
 * Warns, once per runner, function and kind of module, where a call made in a jest or vitest test
 * cannot reach the modules the runner loads itself; outside those runners, it costs a look at a
 * global and at an environment variable. `names` are the specifiers the call names (none for a
 * call that names none).
 */
export function warnIfRunnerCannotSee(
  feature: RunnerFeature,
  call: string,
  names: readonly string[] = [],
): void {
  const runner = testRunnerOf();
  if (runner === undefined) return;
  const name = names[0];
  const kind = name === undefined ? 'any' : moduleKind(name);
  const message =
    runner === 'jest' ? jestMessage(feature, call, name, kind) : vitestMessage(feature, call, kind);
  if (message === undefined) return;
  const key = `${runner}:${feature}:${kind}`;
  if (reported.has(key)) return;
  reported.add(key);
  warn(message);
}

type ModuleKind = 'builtin' | 'file' | 'package' | 'any';

function moduleKind(name: string): ModuleKind {
  if (isBuiltin(name)) return 'builtin';
  // A package.json `imports` name stands for a file of the program's own, as a path does.
  if (isLocalSpecifier(name) || isPackageImportsName(name)) return 'file';
  return 'package';
}

const JEST_REGISTRY =
  "jest loads a test file's modules with its own module registry, which Node's module loaders, and hookline's hooks on them, never see";

function jestMessage(
  feature: RunnerFeature,
  call: string,
  name: string | undefined,
  kind: ModuleKind,
): string {
  const spec = JSON.stringify(name ?? 'module');
  const wayOut: Record<RunnerFeature, string> = {
    mockModule: `Use jest.mock(${spec}, () => (…)) (jest.unstable_mockModule for an ES module test)`,
    onImport:
      kind === 'builtin'
        ? `The handler is handed Node's own ${spec}, which jest gives the tests too: a change it makes to that object in place reaches them, exports it returns instead do not; for those, use jest.mock(${spec}, () => ({ ...jest.requireActual(${spec}), … }))`
        : `Use jest.mock(${spec}, () => ({ ...jest.requireActual(${spec}), … }))`,
    auditImports:
      'Audit the code under test where Node loads it: in a child process the test starts, or under node --test',
    redirect: `Use jest's moduleNameMapper in the jest config, or jest.mock(${spec}, () => jest.requireActual('<replacement>'))`,
    transform: "Use jest's transform option in the jest config",
    registerScheme: "Use jest's moduleNameMapper or a custom resolver in the jest config",
  };
  return `${call} in a jest test does not reach the test's modules: ${JEST_REGISTRY}. ${wayOut[feature]}.`;
}

const VITEST_RUNNER =
  "vitest runs a test file and the program's files it imports through its own module runner, which hookline's hooks do not see, and Node loads only the packages it externalizes (from node_modules) and builtins";

function vitestMessage(feature: RunnerFeature, call: string, kind: ModuleKind): string | undefined {
  // What Node loads, hookline sees: builtins always, and a package's exports matched by the name
  // of the package they come from, whatever path vitest imports it by. A mock or redirect of an
  // installed package is keyed on its files as well (see filesImportedByPath): not asked here.
  if (kind === 'builtin') return undefined;
  if (feature === 'onImport' && kind !== 'file') return undefined;
  const notInstalled =
    'vitest resolves the imports of a package itself, and no such package is installed there for it to import by its path';
  const wayOut: Record<RunnerFeature, string> = {
    mockModule:
      kind === 'file'
        ? 'A file of the program is not seen at all. Use vi.mock()'
        : `${notInstalled}. Use vi.mock() for a module that does not exist`,
    onImport:
      'A file of the program is not seen at all. Use vi.mock(path, async (importOriginal) => ({ ...(await importOriginal()), … }))',
    auditImports:
      "It reports the builtins and externalized packages Node loads (named by their path), not the test's or the program's files",
    redirect:
      kind === 'file'
        ? "A file of the program is not seen at all. Use resolve.alias in vitest's config"
        : `${notInstalled}. Use resolve.alias in vitest's config`,
    transform:
      "It rewrites the sources of externalized packages only; for the test's and the program's files, add a Vite plugin with a transform hook to vitest's config",
    registerScheme:
      "Imports of a scheme in the test's or the program's files go through Vite's resolver, not hookline's: add a Vite plugin with resolveId and load hooks to vitest's config",
  };
  return `${call} in a vitest test does not reach every module: ${VITEST_RUNNER}. ${wayOut[feature]}.`;
}
