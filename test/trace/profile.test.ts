import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { coverage, profile } from 'hookline/trace';
import { nodeStripsTypes, repoRoot, runNode } from '../helpers/run-node.js';

const thisFile = import.meta.url;

/** Busy for about `ms` milliseconds, in a function of its own name for the profile to show. */
function spinHere(ms: number): number {
  let turns = 0;
  const until = performance.now() + ms;
  while (performance.now() < until) turns += 1;
  return turns;
}

function calledTwice(value: number): number {
  return value * 2;
}

function neverCalled(): number {
  return 0;
}

test('profile runs a sync function with the CPU profiler on and resolves with its result, the profile and the top self-time functions', async () => {
  const {
    result,
    profile: cpu,
    summary,
  } = await profile(
    () => {
      spinHere(60);
      return 'done';
    },
    // Room enough that the spin is listed however busy the machine (whose clock and collector
    // take samples too).
    { top: 50 },
  );
  assert.equal(result, 'done');
  assert.ok(cpu.nodes.length > 0);
  assert.ok(cpu.endTime > cpu.startTime);
  assert.ok((cpu.samples?.length ?? 0) > 0);
  assert.ok(cpu.nodes.some((node) => node.callFrame.functionName === 'spinHere'));
  const spin = summary.find((entry) => entry.name === 'spinHere');
  assert.ok(spin, JSON.stringify(summary));
  assert.equal(spin.url, thisFile);
  assert.ok(spin.line > 0);
  assert.ok(summary.length <= 50);
  // The profiler's start and stop are not the function's: none of hookline's or node:inspector's.
  const hooklineFiles = new URL('../../../dist/', import.meta.url).href;
  for (const entry of summary) {
    assert.ok(
      !entry.url.startsWith(hooklineFiles) && entry.url !== 'node:inspector',
      JSON.stringify(entry),
    );
  }
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(cpu)));
});

test('profile awaits an async function, and takes the summary size from top', async () => {
  const {
    result,
    profile: cpuProfile,
    summary,
  } = await profile(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return spinHere(40) > 0;
    },
    { top: 3, samplingInterval: 200 },
  );
  assert.equal(result, true);
  assert.ok(summary.length <= 3);
  // The profile's call tree holds spinHere, or the arrow it is inlined into once V8 has optimized
  // it: a function of this file. (Not asked of the top three by self time: on a busy machine the
  // clock and the collector may take more samples than the spin.)
  assert.ok(
    cpuProfile.nodes.some((node) => node.callFrame.url === thisFile),
    JSON.stringify(summary),
  );
});

test('with source maps on, the summary names the line of the source the program was compiled from', () => {
  const program = join(repoRoot, 'test', 'fixtures', 'trace', 'profile-mapped.mjs');
  const compiled = pathToFileURL(join(repoRoot, 'test', 'fixtures', 'trace', 'compiled-spin')).href;
  const placeOfSpin = (flags: string[]) => {
    const result = runNode([...flags, program]);
    assert.equal(result.status, 0, result.stderr);
    const { name, url, line } = JSON.parse(result.stdout) as Record<string, unknown>;
    return { name, url, line };
  };
  assert.deepEqual(placeOfSpin(['--enable-source-maps']), {
    name: 'spin',
    url: `${compiled}.ts`,
    line: 14,
  });
  assert.deepEqual(placeOfSpin([]), { name: 'spin', url: `${compiled}.mjs`, line: 1 });
});

test('coverage counts the calls of the program functions made while fn ran, not Node internals', async () => {
  calledTwice(0); // before: not counted
  const {
    result,
    coverage: scripts,
    summary,
  } = await coverage(() => {
    calledTwice(1);
    return calledTwice(2);
  });
  assert.equal(result, 4);
  assert.ok(scripts.every((script) => !script.url.startsWith('node:') && script.url !== ''));
  assert.ok(scripts.some((script) => script.url === thisFile));
  const twice = summary.find((entry) => entry.name === 'calledTwice');
  assert.deepEqual(twice && { url: twice.url, count: twice.count }, { url: thisFile, count: 2 });
  const source = (await import('node:fs')).readFileSync(fileURLToPath(thisFile), 'utf8');
  const declared = source.split('\n').findIndex((line) => line.includes('function calledTwice'));
  assert.equal(twice?.line, declared + 1);
  assert.equal(
    summary.some((entry) => entry.name === 'neverCalled'),
    false,
  );
  neverCalled();
});

test('a coverage() started while another runs, in its fn or alongside it, is refused, and the first counts right', async () => {
  const running = {
    code: 'ERR_HOOKLINE_COVERAGE_RUNNING',
    message: /Await the first coverage\(\)/,
  };
  const outer = await coverage(async () => {
    calledTwice(1);
    // Refused before its fn runs: these calls are made by neither.
    await assert.rejects(
      coverage(() => calledTwice(2)),
      running,
    );
    calledTwice(3);
  });
  assert.equal(outer.summary.find((entry) => entry.name === 'calledTwice')?.count, 2);
  const first = coverage(async () => {
    calledTwice(1);
    await new Promise((resolve) => setImmediate(resolve));
    calledTwice(2);
  });
  await assert.rejects(
    coverage(() => calledTwice(3)),
    running,
  );
  assert.equal((await first).summary.find((entry) => entry.name === 'calledTwice')?.count, 2);
  // Once both are done, the next one runs.
  const after = await coverage(() => calledTwice(4));
  assert.equal(after.summary.find((entry) => entry.name === 'calledTwice')?.count, 1);
});

test('coverage places each function in the source the program was compiled from: under a tsx-style loader, and for compiled JavaScript with --enable-source-maps', () => {
  const program = join(repoRoot, 'test', 'fixtures', 'trace', 'coverage-mapped.mjs');
  const tsxStyle = ['--import', './test/fixtures/trace/ts-loader-register.mjs'];
  const placesIn = (args: string[]) => {
    const result = runNode(args);
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as unknown;
  };
  const placed = (url: string, lines: [countItems: number, totalOf: number]) => [
    { name: 'countItems', url, line: lines[0], count: 2 },
    { name: 'totalOf', url, line: lines[1], count: 1 },
  ];
  const source = pathToFileURL(join(repoRoot, 'test', 'fixtures', 'trace', 'covered-order.mts'));
  const inSource = placed(source.href, [10, 14]);
  assert.deepEqual(placesIn([...tsxStyle, program, './covered-order.mts']), inSource);
  assert.deepEqual(placesIn(['--enable-source-maps', program, './compiled-order.mjs']), inSource);
  // Without source maps, the lines of the compiled script, as it ran.
  assert.deepEqual(
    placesIn([program, './compiled-order.mjs']),
    placed(new URL('compiled-order.mjs', source).href, [1, 4]),
  );
  // TypeScript that Node strips keeps its lines: the file's are right, with no map.
  if (nodeStripsTypes()) {
    assert.deepEqual(placesIn(['--no-warnings', program, './covered-order.mts']), inSource);
  }
});

test('what fn throws goes on to the caller, and the profiler is stopped for the next', async () => {
  await assert.rejects(
    profile(() => {
      throw new Error('profiled boom');
    }),
    /profiled boom/,
  );
  await assert.rejects(
    coverage(async () => {
      throw new Error('covered boom');
    }),
    /covered boom/,
  );
  const again = await coverage(() => calledTwice(3));
  assert.equal(again.summary.find((entry) => entry.name === 'calledTwice')?.count, 1);
});

test('a fn that is not a function, or a bad option, is refused', async () => {
  const refused = (promise: Promise<unknown>) =>
    assert.rejects(
      promise,
      (error: Error & { code?: string }) =>
        error instanceof TypeError && error.code === 'ERR_HOOKLINE_INVALID_ARGUMENT',
    );
  await refused(profile(42 as never));
  await refused(coverage('fn' as never));
  await refused(profile(() => 1, { top: 0 }));
  await refused(profile(() => 1, { samplingInterval: -5 }));
  // V8 takes the interval as a 32-bit whole number of microseconds: a fraction or a larger
  // number is refused here, before V8's bare "Invalid parameters".
  await refused(profile(() => 1, { samplingInterval: 0.5 }));
  await refused(profile(() => 1, { samplingInterval: 1.5 }));
  await refused(profile(() => 1, { samplingInterval: 2 ** 31 }));
  await refused(profile(() => 1, { top: 1.5 }));
  await assert.rejects(
    profile(() => 1, { samplingInterval: 0.5 }),
    {
      message:
        /Expected samplingInterval as a whole number of microseconds between samples, from 1 to 2147483647/,
    },
  );
  await refused(profile(() => 1, { tpo: 3 } as never));
});

test('under the permission model without the inspector, both refuse with ERR_HOOKLINE_INSPECTOR_UNAVAILABLE', () => {
  const flag =
    runNode(['--permission', '--allow-fs-read=*', '-e', '']).status === 0
      ? '--permission'
      : '--experimental-permission';
  const program = join(repoRoot, 'test', 'fixtures', 'trace', 'profile-denied.mjs');
  const result = runNode([flag, '--allow-fs-read=*', '--no-warnings', program]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    result.stdout,
    'profile ERR_HOOKLINE_INSPECTOR_UNAVAILABLE\ncoverage ERR_HOOKLINE_INSPECTOR_UNAVAILABLE\n',
  );
});
