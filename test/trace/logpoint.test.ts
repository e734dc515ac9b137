import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { logpoint } from 'hookline/trace';
import { type NodeResult, repoRoot, runNode } from '../helpers/run-node.js';

// A logpoint sets an inspector breakpoint in the whole process: each case runs in a program of
// its own.
const program = join(repoRoot, 'test', 'fixtures', 'trace', 'logpoints.mjs');

/** The 1-based line of the program that holds `marker`. */
function lineOf(marker: string): number {
  return (
    readFileSync(program, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(marker)) + 1
  );
}

/** The line of the program's `return sum`, where its cases log. */
const addReturn = lineOf('<add-return>');

function run(mode: string): NodeResult {
  return runNode([program, mode]);
}

/** Runs a case that must end well with nothing on stderr (no warning): what it printed. */
function runQuietly(mode: string): string {
  const result = run(mode);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  return result.stdout;
}

test('a logpoint hands log the value of its expression in the frame at that line, each time, until undone', () => {
  assert.equal(
    runQuietly('values'),
    '[{"a":1,"b":2,"sum":3},{"a":3,"b":4,"sum":7}]\nafter unhook: 2 values, active false\n',
  );
});

test('without log, the location, the expression and its value are printed with console.log', () => {
  const result = run('default-log');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, `${program}:${addReturn} sum * 10 = 30\ndone\n`);
});

test('an expression that throws is a HooklineWarning, and the program goes on', () => {
  const result = run('throws');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'add gives 3\n');
  assert.match(
    result.stderr,
    new RegExp(
      `HooklineWarning: the expression of the logpoint at .*logpoints\\.mjs:${addReturn} threw: missing\\.value \\(missing is not defined\\)`,
    ),
  );
});

test("the inspector is let go at process.exit() even when the program took every 'exit' listener away: nothing more on stderr", () => {
  assert.equal(runQuietly('exit-listeners-removed'), `${program}:${addReturn} sum = 5\n`);
});

test("the program's own debugger statement does not stop it while a logpoint is set", () => {
  const result = run('debugger');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'done [4]\n');
});

test('another debugger attached to the program (DevTools, an editor) stops at its breakpoints while logpoints are set: the pause is left to it', () => {
  // Node 20 has its WebSocket client behind a flag.
  const flags = typeof WebSocket === 'function' ? [] : ['--experimental-websocket'];
  const result = runNode([
    ...flags,
    join(repoRoot, 'test', 'fixtures', 'other-debugger.mjs'),
    program,
    'other-debugger',
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    paused: [lineOf('<other-breakpoint>')],
    stillPaused: 6,
    stdout: 'ready\ndoubled 6, logged [3]\n',
    exitCode: 0,
  });
});

test('logpoints and onException share the inspector: undoing one leaves the other working', () => {
  const result = run('with-exceptions');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'sum 2\n["still reported"]\n');
});

test('logpoints on one line each log, in the order they were set, and undoing one leaves the others', () => {
  assert.equal(runQuietly('same-line'), '[["sum",3],["a",1],["a",3],["a",5],["b",6]]\n');
});

test('a log function that undoes its own logpoint: it logs once, at once, and the other logpoints go on', () => {
  // No warning either: the undo is carried out once the line has run.
  assert.equal(
    runQuietly('undo-in-log'),
    '[["a",1],["once",3],["a",3]] active false\n[["a",1],["once",3],["a",3],["a",5]]\n',
  );
});

test('a log function that sets another logpoint: it is set once the code that reached the line has run', () => {
  assert.equal(runQuietly('set-in-log'), '[["a",1],["sum",7]]\n');
});

test("callerLocals() in a log function fails at once, saying V8 does not pause in a breakpoint's condition", () => {
  const result = run('caller-locals-in-log');
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), [
    [
      'ERR_HOOKLINE_PAUSE_FAILED',
      "it was called from a logpoint's log function, which runs inside a breakpoint's condition, where V8 does not pause",
    ],
  ]);
});

test('a logpoint set before a CommonJS module loads logs in it', () => {
  const result = run('commonjs');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '[3,5]\nmultiply gives 15\n');
});

test('a logpoint set on a path through a symbolic link logs in the file Node loads, the real one', () => {
  const result = run('linked');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '[2,4]\nmultiply gives 8\n');
});

test('a location that is not file:line, or an expression that does not parse, is refused before anything is set', () => {
  const refused = (location: unknown, expression: unknown, options?: unknown) =>
    assert.throws(
      () => logpoint(location as string, expression as string, options as never),
      (error: Error & { code?: string }) =>
        error instanceof TypeError && error.code?.startsWith('ERR_HOOKLINE_') === true,
    );
  refused('app.js', 'x');
  refused('app.js:0', 'x');
  refused('app.js:1.5', 'x');
  refused(':3', 'x');
  refused(42, 'x');
  refused('app.js:3', 'a b');
  refused('app.js:3', '');
  refused('app.js:3', 'x', { log: 'console' });
  // Text that parenthesised would read as two expressions, and await or yield, which a
  // breakpoint's condition cannot run: refused rather than left to fail at the line and silence
  // the other logpoints of that line, which share its condition.
  assert.throws(() => logpoint('app.js:3', 'a), (b'), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message: /an expression that does not parse as one expression/,
  });
  assert.throws(() => logpoint('app.js:3', 'await total'), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message: /an expression that uses await \(a logpoint evaluates its expression at once/,
  });
  assert.throws(() => logpoint('app.js:3', 'await'), { message: /uses await/ });
  assert.throws(() => logpoint('app.js:3', 'yield total'), { message: /uses yield/ });
  for (const accepted of [
    'a, b',
    '(x) => x + 1',
    '{ a, b }',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal as the expression
    '`${a})`',
    'a /* ) */',
    'a // )',
    '"a)(" + b',
    '(async () => await p)()',
  ]) {
    logpoint('app.js:3', accepted)();
  }
  assert.throws(() => logpoint('app.js:3', 'x', { logger: console.log } as never), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message: /Expected only the option log but got the unknown option "logger"/,
  });
});
