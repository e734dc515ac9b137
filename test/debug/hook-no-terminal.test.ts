// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} in plain strings is what interpolate() reads.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeBinary, repoRoot, runNode } from '../helpers/run-node.js';
import { runWithoutTerminal } from '../helpers/terminal.js';

// With no controlling terminal (CI, a service, a pipe), a hook never hangs the program.

const fixtures = join(repoRoot, 'test', 'fixtures', 'debug');

/** The 1-based line of `file` that holds `marker`. */
function lineOf(file: string, marker: string): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(marker)) + 1
  );
}

test('with no terminal a hook prints one line on stderr and the program goes on', async () => {
  const result = await runWithoutTerminal(nodeBinary, [join(fixtures, 'plain-hook.mjs')]);
  assert.equal(result.stdout, 'before\nafter 1\n');
  assert.match(
    result.stderr,
    /^hookline: hook\(\) at .*plain-hook\.mjs:6 skipped: no terminal \(ENXIO\)\. Set HOOKLINE_HOOK=socket to serve it on a socket, or HOOKLINE_HOOK=0 to silence hooks\.\n/,
  );
  assert.equal(result.stderr.split('\n').filter(Boolean).length, 2, 'one line per call site');
  assert.equal(result.status, 0);
});

test('HOOKLINE_HOOK=0 makes hook() a silent no-op', async () => {
  const result = await runWithoutTerminal(nodeBinary, [join(fixtures, 'plain-hook.mjs')], {
    env: { HOOKLINE_HOOK: '0' },
  });
  assert.equal(result.stdout, 'before\nafter 1\n');
  assert.equal(result.stderr, '');
  assert.equal(result.status, 0);
});

test('after hookline used the Debugger, a stray debugger; statement does not pause the program', async () => {
  const result = await runWithoutTerminal(nodeBinary, [join(fixtures, 'stray-debugger.mjs')]);
  assert.equal(result.stdout, 'locals true\nafter debugger\n');
  assert.equal(result.stderr, '', 'and nothing waits for the debugger at exit');
  assert.equal(result.status, 0);
});

/**
 * Runs `program` under a second debugger (../fixtures/other-debugger.mjs, with its `flags`) and
 * returns what that debugger saw.
 */
function underOtherDebugger(program: string, ...flags: string[]): Record<string, unknown> {
  // Node 20 has its WebSocket client behind a flag.
  const nodeFlags = typeof WebSocket === 'function' ? [] : ['--experimental-websocket'];
  const result = runNode([
    ...nodeFlags,
    join(repoRoot, 'test', 'fixtures', 'other-debugger.mjs'),
    ...flags,
    join(fixtures, program),
  ]);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

test('after hookline used the Debugger, another debugger attached (DevTools, an editor) still stops at its breakpoints: the pause is left to it', () => {
  assert.deepEqual(underOtherDebugger('other-debugger.mjs'), {
    paused: [lineOf(join(fixtures, 'other-debugger.mjs'), '<other-breakpoint>')],
    stillPaused: 6,
    stdout: 'ready\ndoubled 6, locals read true\n',
    exitCode: 0,
  });
});

test("another debugger that resumes every pause it sees, hookline's too: each callerLocals() still reads the caller's variables", () => {
  // The other debugger wins the race for a pause now and then (on a loaded machine): hookline,
  // still inside callerLocals(), pauses again.
  const seen = underOtherDebugger('resumed-elsewhere.mjs', '--resume-every-pause');
  assert.equal(seen['stdout'], 'ready\ndoubled 6, {"read":20}\n');
  assert.equal(seen['exitCode'], 0);
  assert.ok((seen['othersResumed'] as number) >= 20, "it saw each of hookline's pauses");
});

test('another debugger that skips all pauses (DevTools "Skip all pauses") is not held at its own breakpoint by hookline, and callerLocals() still reads', () => {
  assert.deepEqual(underOtherDebugger('resumed-elsewhere.mjs', '--skip-all-pauses'), {
    paused: [],
    stdout: 'ready\ndoubled 6, {"read":20}\n',
    exitCode: 0,
  });
});

test('another debugger\'s deactivated breakpoints (DevTools "Deactivate breakpoints") do not stop the program for hookline\'s sake', () => {
  assert.deepEqual(underOtherDebugger('resumed-elsewhere.mjs', '--deactivate-breakpoints'), {
    paused: [],
    stdout: 'ready\ndoubled 6, {"read":20}\n',
    exitCode: 0,
  });
});

test("callerLocals() beside a logpoint, with the program's own debugger; statements: each statement's pause is ended once, and each of hookline's pauses stays the one that asked for it", async () => {
  const result = await runWithoutTerminal(nodeBinary, [join(fixtures, 'beside-logpoints.mjs')]);
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, 'read 20 of 20, logged 20 []\n');
  assert.equal(result.status, 0);
});

test("callerLocals() beside onException: each pause stays the debugger's that asked for it", async () => {
  const result = await runWithoutTerminal(nodeBinary, [join(fixtures, 'beside-on-exception.mjs')]);
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, 'read 10 of 10, 10 exceptions seen\n');
  assert.equal(result.status, 0);
});

test("callerLocals() returns the caller's variables, inner scopes first, objects by reference", async () => {
  const result = await runWithoutTerminal(nodeBinary, [join(fixtures, 'locals.mjs')]);
  assert.equal(result.stderr, '');
  assert.equal(
    result.stdout,
    [
      '["callerLocals","height","inner","locals","moduleValue","shape","width"]',
      'same object true inner 12 module m',
      'after await 42',
      '',
    ].join('\n'),
  );
});

test("interpolate() fills ${…} from the caller's scope, like the talk's frame example", async () => {
  const result = await runWithoutTerminal(nodeBinary, [join(fixtures, 'interpolate.mjs')]);
  assert.equal(result.stderr, '');
  assert.equal(
    result.stdout,
    [
      'My name is Mr. Guido van Rossum, Esquire.',
      'I have visited the following cities: Amsterdam, LA, New York, DC, Chicago.',
      'nested } and ${literal}',
      'no expressions at all',
      'threw ReferenceError: missingName is not defined',
      "threw ReferenceError: unusedAround is not defined: it is declared around the calling function, which never uses it, so V8 left it out of the function's closure and interpolate() cannot read it. Use unusedAround in that function",
      '',
    ].join('\n'),
  );
});
