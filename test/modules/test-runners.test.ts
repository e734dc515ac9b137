import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type NodeResult, repoRoot, runNode } from '../helpers/run-node.js';
import { runJson } from './fixture.js';

// hookline's module hooks called in jest and vitest tests, each runner run as a user runs it (its
// bin in a child process of the Node under test) over the fixture project in runners/: what Node
// loads is hooked, what the runner loads itself is not, and each call that cannot reach it says so;
// and from a test runner's realm (jest runs each test file in a vm context of its own).

const project = join(repoRoot, 'test', 'fixtures', 'modules', 'runners');
const jest = join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js');
const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');

function run(args: readonly string[], nodeOptions: readonly string[]): NodeResult {
  const result = runNode(args, {
    cwd: project,
    env: { NODE_OPTIONS: nodeOptions.join(' '), FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' },
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  return result;
}

/** The HooklineWarnings of a run about its test runner, each as the runner and the call named. */
function warningsOf(output: string): string[] {
  return [...output.matchAll(/HooklineWarning: (\S+?\(.*?\)) in a (jest|vitest) test/g)].map(
    (match) => `${match[2]}: ${match[1]}`,
  );
}

for (const preload of [[], ['--import', 'hookline/register']]) {
  const how = preload.length > 0 ? ' (hookline/register preloaded)' : '';

  test(`jest: every module hook called in a test warns once that jest's own registry loads the test's modules, with jest's way out; the test's modules stay unhooked, a builtin changed in place is the one jest hands the test${how}`, () => {
    const result = run(
      [jest, '--ci', '--no-cache', '--watchman=false', '--runInBand'],
      ['--experimental-vm-modules', ...preload],
    );
    assert.deepEqual(warningsOf(result.stderr), [
      'jest: auditImports(listener)',
      'jest: mockModule("./src/config.mjs", exports)',
      'jest: onImport("dep", handler)',
      'jest: onImport("node:os", handler)',
      'jest: redirect("dep2", "./fork/index.cjs")',
      'jest: mockModule("esm-dep", exports)',
      'jest: transform(filter, transformer)',
    ]);
    assert.match(result.stderr, /Use jest\.mock\("\.\/src\/config\.mjs", \(\) => \(…\)\)/);
    assert.match(result.stderr, /moduleNameMapper/);
  });

  for (const pool of preload.length > 0 ? ['forks'] : ['forks', 'threads']) {
    test(`vitest (pool ${pool}): builtins and the packages vitest externalizes (which it imports by their paths) are hooked, mocked by name, redirected and transformed; a mock of a file of the program or of a package not installed, an audit and a transform, which miss what vitest's runner loads, warn once, naming vi.mock or vitest's config${how}`, () => {
      const result = run([vitest, 'run', '--configLoader', 'runner', '--pool', pool], preload);
      assert.deepEqual(warningsOf(result.stdout + result.stderr), [
        'vitest: auditImports(listener)',
        'vitest: mockModule("./src/config.mjs", exports)',
        'vitest: transform(filter, transformer)',
        'vitest: mockModule("not-installed", exports)',
      ]);
      assert.match(
        result.stdout + result.stderr,
        /A file of the program is not seen at all\. Use vi\.mock\(\)/,
      );
      assert.match(result.stdout + result.stderr, /Vite plugin with a transform hook/);
    });
  }
}

test('a program a jest or vitest test starts inherits their variables, not their loaders: hookline hooks it and says nothing of test runners', () => {
  const result = runNode([join(project, 'outside.mjs')], {
    cwd: project,
    env: { JEST_WORKER_ID: '1', VITEST: 'true', VITEST_POOL_ID: '1' },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    result.stdout.trim(),
    'mocked config / real dep / real dep2 / real dep3 / real esm-dep',
  );
  assert.doesNotMatch(result.stderr, /HooklineWarning/);
});

test("a RegExp made in another realm (a vm context, as a jest test file's are) is onImport's match and transform's filter as one of hookline's own realm is", () => {
  const { value } = runJson(['realm-regexp.mjs']);
  assert.deepEqual(value, { seen: ['onImport'], kind: 'transformed' });
});

/** What the jest environment of jest-files/ saw of Node's own require in a test file. */
interface ProbedFile {
  /** Its place in the order jest ran the files in, and its name. */
  readonly file: number;
  readonly name: string;
  /** The test files whose onImport handler ran as the file's test ended, and after the file. */
  readonly during: number[];
  readonly after: number[];
  /** hookline's functions in the stack of a require, and how many times each. */
  readonly wrappers: Record<string, number>;
  /** What the file's mock of mocked-pkg gave a require as its test ended, and after the file. */
  readonly mockedDuring: number | string;
  readonly mockedAfter: number | string;
}

const manyFiles = join(repoRoot, 'test', 'fixtures', 'modules', 'jest-files');

for (const preload of [[], ['--import', 'hookline/register']]) {
  const how = preload.length > 0 ? ' (hookline/register preloaded)' : '';

  test(`jest, 12 test files in one worker: the hooks a test file adds act on what Node loads during its tests and are undone as it ends, so none acts in the next file; every file goes through one copy of hookline, its loader wrappers installed once${how}`, () => {
    const results = join(tmpdir(), `hookline-jest-files-${process.pid}-${preload.length}.jsonl`);
    rmSync(results, { force: true });
    const result = runNode([jest, '--ci', '--no-cache', '--watchman=false', '--runInBand'], {
      cwd: manyFiles,
      env: {
        NODE_OPTIONS: ['--experimental-vm-modules', ...preload].join(' '),
        RESULTS: results,
        FORCE_COLOR: '0',
        CI: '1',
      },
    });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    const files = readFileSync(results, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ProbedFile);
    rmSync(results, { force: true });
    assert.equal(files.length, 12);
    for (const { file, name, during, after, wrappers, mockedDuring, mockedAfter } of files) {
      // file08 adds its hooks from inside a test: they are undone as the next file starts.
      const lasting = name === 'file08.jest.test.mjs';
      assert.deepEqual(
        { name, during, after, wrappers, mockedDuring, mockedAfter },
        {
          name,
          during: [file],
          after: lasting ? [file] : [],
          wrappers: files[0]?.wrappers,
          mockedDuring: file,
          mockedAfter: lasting ? file : 'real',
        },
      );
    }
    assert.equal(files[0]?.wrappers['hooklineJs'], 1, 'one wrapper of the .js loader');
  });
}
