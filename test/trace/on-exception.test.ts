import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { onException } from 'hookline/trace';
import { type NodeResult, repoRoot, runNode } from '../helpers/run-node.js';

// onException pauses the whole process at each throw: each case runs in a program of its own.
const program = join(repoRoot, 'test', 'fixtures', 'trace', 'exceptions.mjs');

function run(mode: string, flags: readonly string[] = []): NodeResult {
  return runNode([...flags, program, mode]);
}

/** The JSON lines the fixture printed, one per report. */
function reports(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('a caught exception is reported with where it was thrown and the frame’s locals, after the synchronous code', () => {
  const result = run('caught-locals');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  const lines = result.stdout.split('\n');
  assert.equal(lines[0], 'synchronous code done');
  const [parse, fail, ...rest] = reports(result.stdout);
  assert.deepEqual(rest, []);
  assert.equal(parse?.['caught'], true);
  assert.match(String(parse?.['error']), /JSON/);
  assert.deepEqual(parse?.['location'], {
    file: program,
    line: 12,
    column: 17,
    functionName: 'parseConfig',
  });
  assert.deepEqual(parse?.['locals'], { text: '{', defaults: { retries: 3, tags: ['a', 'b'] } });
  assert.equal(typeof parse?.['time'], 'number');
  assert.ok(Math.abs(Number(parse?.['time']) - Date.now()) < 60_000);
  assert.equal(fail?.['error'], 'by fail');
  assert.deepEqual(fail?.['location'], {
    file: program,
    line: 19,
    column: 3,
    functionName: 'fail',
  });
  assert.deepEqual(fail?.['locals'], { message: 'by fail' });
});

test('with source maps on, the location is in the source the program was compiled from, as in the error’s stack', () => {
  const compiled = join(repoRoot, 'test', 'fixtures', 'trace', 'compiled-throw');
  const mapped = run('source-mapped', ['--enable-source-maps']);
  assert.equal(mapped.status, 0, mapped.stderr);
  assert.deepEqual(reports(mapped.stdout)[0]?.['location'], {
    file: `${compiled}.ts`,
    line: 12,
    column: 1,
    functionName: 'explode',
  });
  const unmapped = run('source-mapped');
  assert.equal(unmapped.status, 0, unmapped.stderr);
  assert.deepEqual(reports(unmapped.stdout)[0]?.['location'], {
    file: `${compiled}.mjs`,
    line: 2,
    column: 3,
    functionName: 'explode',
  });
});

test('caught: false reports only the uncaught exception, which still ends the program as Node would', () => {
  const result = run('uncaught-only');
  assert.equal(result.status, 1);
  const all = reports(result.stdout);
  assert.equal(all.length, 1, result.stdout);
  assert.equal(all[0]?.['error'], 'uncaught, reported');
  assert.equal(all[0]?.['caught'], false);
  assert.equal('locals' in (all[0] ?? {}), false);
  assert.match(result.stderr, /Error: uncaught, reported\n\s+at fail /);
  assert.doesNotMatch(result.stderr, /Waiting for the debugger/);
});

test('a listener that throws is a HooklineWarning; what it throws is not reported in turn', () => {
  const result = run('listener-throws');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'listener called 2 times\n');
  assert.match(
    result.stderr,
    /HooklineWarning: an onException listener threw; the program goes on as if it had not been called \(listener broke\)/,
  );
});

test('after the Unhook, exceptions are no longer reported', () => {
  const result = run('unhook');
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(
    reports(result.stdout).map((report) => report['error']),
    ['before unhook'],
  );
  assert.match(result.stdout, /active false\nend\n$/);
});

test('an exception thrown while the listener was on is reported to it even when the Unhook runs before the report’s tick, as `using` does at the end of a block', () => {
  const result = run('undone-at-once');
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(
    reports(result.stdout).map((report) => report['error']),
    ['before unhook'],
  );
  assert.match(result.stdout, /\nend\n$/);
});

test('a report still waiting for its tick is delivered when the program exits right after the Unhook', () => {
  const result = run('undone-then-exit');
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(
    reports(result.stdout).map((report) => report['error']),
    ['before unhook and exit'],
  );
});

test("reports still waiting for their tick are delivered at process.exit() even after the program took every 'exit' listener away", () => {
  for (const which of ['exit', 'all']) {
    const result = runNode([program, 'exit-listeners-removed', which]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      reports(result.stdout).map((report) => report['error']),
      ['before the listeners went', 'after the listeners went'],
      which,
    );
    assert.equal(result.stderr, '', which);
  }
});

test('beside post-mortem (hookline/debug), caught throws are reported whichever was turned on first, and after the Unhook they no longer stop the program', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-post-mortem-'));
  try {
    for (const first of ['on-exception', 'post-mortem']) {
      const result = runNode([program, 'beside-post-mortem', first], {
        env: { HOOKLINE_HOOK: 'socket', HOOKLINE_HOOK_SOCKET: join(dir, `${first}.sock`) },
      });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(
        reports(result.stdout).map((report) => report['error']),
        ['caught while watched'],
        first,
      );
      assert.match(result.stdout, /post-mortem true, end\n$/, first);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('200 caught throws in a loop are all reported, without a deadlock', () => {
  const result = run('many');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '200 reports\n');
});

test('a rejected promise is reported as an exception, caught when it is handled', () => {
  const result = run('promise');
  assert.equal(result.status, 0, result.stderr);
  const all = reports(result.stdout);
  assert.deepEqual(
    all.map((report) => [report['error'], report['caught']]),
    [['rejected', true]],
  );
});

test('where the permission model denies the inspector, onException throws a HooklineError that says so', () => {
  const major = Number(runNode(['-p', 'process.versions.node.split(".")[0]']).stdout.trim());
  const permission = major >= 22 ? '--permission' : '--experimental-permission';
  const result = run('refused', [permission, '--allow-fs-read=*', '--allow-worker']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(
    result.stdout,
    /^Error ERR_HOOKLINE_INSPECTOR_UNAVAILABLE: onException\(listener, options\): .*the permission model denies the inspector\. .*--allow-inspector/,
  );
});

test('a misspelt option, or caught or locals that is not a boolean, is refused before anything starts', () => {
  assert.throws(() => onException(() => {}, { caugth: false } as never), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message:
      /onException\(listener, options\): Expected only the options caught, locals but got the unknown option "caugth"\. Did you mean "caught"\?/,
  });
  assert.throws(() => onException(() => {}, { locals: 'yes' } as never), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message:
      /onException\(listener, \{ locals \}\): Expected true, false or nothing but got the string "yes"/,
  });
});
