import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/run-node.js';
import { appDir, runApp } from './fixture.js';

// mockModule under mocha, run as a user runs it (mocha's bin in a child process of the Node under
// test), with and without hookline/register preloaded: the fixtures are in testers/mocha/.

const mocha = join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');

interface MochaStats {
  readonly passes: number;
  readonly failures: number;
  readonly pending: number;
}

/** Runs mocha with `args` (node flags before `--`), and checks every test passed; their count. */
function assertMochaPasses(
  args: readonly string[],
  expected: number,
  { nodeFlags = [], env = {} }: { nodeFlags?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): void {
  const result = runApp([...nodeFlags, mocha, '--reporter', 'json', ...args], env);
  const json = result.stdout.slice(result.stdout.indexOf('{'));
  let stats: MochaStats | undefined;
  try {
    stats = (JSON.parse(json) as { stats: MochaStats }).stats;
  } catch {
    assert.fail(
      `mocha printed no report (exit ${result.status})\n${result.stdout}\n${result.stderr}`,
    );
  }
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.deepEqual(
    { passes: stats.passes, failures: stats.failures, pending: stats.pending },
    { passes: expected, failures: 0, pending: 0 },
  );
}

for (const preload of [[], ['--import', 'hookline/register']]) {
  const how = preload.length > 0 ? ' (hookline/register preloaded)' : '';

  test(`mocha specs, ES module and CommonJS, mock per test and undo in afterEach: each test gets its own mock, the next one the real module, builtins included${how}`, () => {
    assertMochaPasses(['testers/mocha/per-test.spec.mjs', 'testers/mocha/legacy.spec.cjs'], 11, {
      nodeFlags: preload,
    });
  });

  for (const rootHooks of ['testers/mocha/root-hooks.mjs', 'testers/mocha/root-hooks.cjs']) {
    test(`mocha --require of a root hook plugin (${rootHooks.slice(-3)}): what it mocks as it loads reaches the specs' static imports and requires; its beforeEach mock is each test's, undone by its afterEach${how}`, () => {
      assertMochaPasses(
        [
          '--require',
          rootHooks,
          'testers/mocha/static.spec.mjs',
          'testers/mocha/static-too.spec.cjs',
        ],
        5,
        { nodeFlags: preload },
      );
    });
  }

  test(`mocha --parallel: every worker loads the --require'd root hooks and mocks in its own process; specs that mock per test pass there as in one process${how}`, () => {
    const nodeFlags = preload;
    assertMochaPasses(
      [
        '--parallel',
        '--jobs',
        '2',
        '--require',
        'testers/mocha/root-hooks.mjs',
        'testers/mocha/static.spec.mjs',
        'testers/mocha/static-too.spec.cjs',
      ],
      5,
      { nodeFlags },
    );
    assertMochaPasses(
      [
        '--parallel',
        '--jobs',
        '2',
        'testers/mocha/per-test.spec.mjs',
        'testers/mocha/legacy.spec.cjs',
      ],
      11,
      { nodeFlags },
    );
  });
}

test('mocha --parallel under node --import of a file that mocks (or mocha --node-option import=), or HOOKLINE_PRELOAD with hookline/register: the workers, which inherit the flags, load it too, and the static imports of their specs get the mock', () => {
  const specs = [
    '--parallel',
    '--jobs',
    '2',
    'testers/mocha/static-only.spec.mjs',
    'testers/mocha/static.spec.mjs',
  ];
  const rootHooks = ['--require', 'testers/mocha/root-hooks.mjs'];
  const env = { EXPECT_MOCHA_WORKER: '1' };
  // The root hooks mock db.mjs alike; they are there for static.spec.mjs's per-test mocks.
  assertMochaPasses([...rootHooks, ...specs], 5, {
    nodeFlags: ['--import', './testers/node-test/setup-mocks.mjs'],
    env,
  });
  assertMochaPasses(['--parallel', '--jobs', '2', 'testers/mocha/static-only.spec.mjs'], 2, {
    nodeFlags: ['--import', './testers/node-test/setup-mocks.mjs'],
    env,
  });
  assertMochaPasses(
    [
      '--node-option',
      'import=./testers/node-test/setup-mocks.mjs',
      '--parallel',
      '--jobs',
      '2',
      'testers/mocha/static-only.spec.mjs',
    ],
    2,
    { env },
  );
  assertMochaPasses(['--parallel', '--jobs', '2', 'testers/mocha/static-only.spec.mjs'], 2, {
    nodeFlags: ['--import', 'hookline/register'],
    env: { ...env, HOOKLINE_PRELOAD: './testers/node-test/setup-mocks.mjs' },
  });
});

test("a spec whose module under test imports a name the mock of a --require'd file lacks: mocha's report of the failed load says the module is hookline's mock, where it was made and what it has", () => {
  const result = runApp([
    mocha,
    '--require',
    'testers/lacking/mocks.mjs',
    'testers/mocha/static-only.spec.mjs',
  ]);
  assert.notEqual(result.status, 0);
  assert.ok(
    result.stderr.includes(
      `: The requested module './db.mjs' does not provide an export named 'close': ${appDir}/testers/src/service.mjs:1:1 imports 'close' from hookline's mock, mockModule("../src/db.mjs", …) at ${appDir}/testers/lacking/mocks.mjs:4:1, whose exports are default, query.`,
    ),
    result.stderr,
  );
});
