import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { onExit } from 'hookline/process';
import { type NodeResult, nodeBinary, repoRoot, runNode } from '../helpers/run-node.js';

const program = join(repoRoot, 'test', 'fixtures', 'process', 'exit-modes.mjs');

/** The handlers' lines for a run that waited for `slow`, last registered first. */
const allRan = [
  'last registered',
  'slow: started',
  'slow: finished',
  'throws',
  'first registered ["a",2] exitCode=',
];

/** The handlers' lines for a run that could not wait for `slow`. */
const ranWithoutWaiting = [
  'last registered',
  'slow: started',
  'throws',
  'first registered ["a",2] exitCode=',
];

/** Each line the handlers printed, with the exit code the first registered saw cut off. */
function handlerLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '' && line !== 'ready')
    .map((line) => line.replace(/exitCode=.*$/, 'exitCode='));
}

/** The exit code the first registered handler saw: the one the program had at its end. */
function codeSeen(stdout: string): string | undefined {
  return /exitCode=(\S*)/.exec(stdout)?.[1];
}

/** Something the test does to the child the first time its output holds `seen`. */
interface Step {
  readonly seen: string;
  readonly act: (child: ChildProcessWithoutNullStreams) => void;
}

/** Runs `args` on the Node under test, taking each of `steps` as the child's output asks for it. */
function runStepping(
  args: readonly string[],
  steps: readonly Step[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<NodeResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG: '', ...extraEnv };
    delete env['NODE_TEST_CONTEXT'];
    const child = spawn(nodeBinary, args, { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no end after 30 s; stdout: ${stdout}; stderr: ${stderr}`));
    }, 30_000);
    const left = [...steps];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      for (const step of left.filter(({ seen }) => stdout.includes(seen))) {
        left.splice(left.indexOf(step), 1);
        step.act(child);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (status, endSignal) => {
      clearTimeout(guard);
      resolve({ stdout, stderr, status, signal: endSignal });
    });
  });
}

/** The step that sends `signal` once the child says it is `ready`. */
const whenReady = (signal: NodeJS.Signals): Step => ({
  seen: 'ready\n',
  act: (child) => child.kill(signal),
});

/**
 * Runs the fixture in `mode` and, when it says `ready`, sends it `signal`; `again` is sent too
 * once the slow handler has started.
 */
function runSignalled(
  mode: string,
  signal: NodeJS.Signals,
  again?: NodeJS.Signals,
): Promise<NodeResult> {
  const steps = [whenReady(signal)];
  if (again) steps.push({ seen: 'slow: started', act: (child) => child.kill(again) });
  return runStepping([program, mode], steps);
}

test('the seed: handlers run last registered first, with their arguments, once the event loop empties; one that throws is reported and the others still run; an async one is waited for; the exit code stays the one the program set, though handlers set it before and after an await', () => {
  const result = runNode([program, 'natural']);
  assert.deepEqual(handlerLines(result.stdout), allRan);
  assert.equal(codeSeen(result.stdout), '4');
  assert.equal(result.status, 4, 'the handlers set 8, 7 (after an await) and 9: the program had 4');
  assert.match(
    result.stderr,
    /HooklineWarning: an onExit handler \(function throws\) threw as the program ends by its event loop emptying; the others still run \(handler failure\)/,
  );
});

test('process.exit(3): the handlers run at once, last first, and the process exits with 3; a promise cannot be waited for, and a warning says so', () => {
  const result = runNode([program, 'exit']);
  assert.deepEqual(handlerLines(result.stdout), ranWithoutWaiting);
  assert.equal(codeSeen(result.stdout), '3');
  assert.equal(result.status, 3);
  assert.match(
    result.stderr,
    /\(function slow\) returned a promise as the program ends by process\.exit\(\) or an uncaught error, which is not waited for, so only what it did before its first await ran: Node does not wait for it/,
  );
  assert.match(result.stderr, /\(function throws\) threw/);
});

for (const [mode, message] of [
  ['throw', 'uncaught failure'],
  ['reject', 'unhandled rejection'],
]) {
  test(`an uncaught ${mode === 'throw' ? 'exception' : 'rejection'}: Node reports it as ever, the handlers run, and the process exits with 1`, () => {
    const result = runNode([program, mode as string]);
    assert.deepEqual(handlerLines(result.stdout), ranWithoutWaiting);
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`Error: ${message}`));
  });
}

const exitInHandler = join(repoRoot, 'test', 'fixtures', 'process', 'exit-in-handler.mjs');

for (const mode of ['natural', 'exit', 'throw']) {
  test(`a handler that calls process.exit(5) as the program ends (${mode}): it ends there, the handlers after it still run, the process exits with 5${mode === 'throw' ? ', and Node still reports the uncaught error' : ''}`, () => {
    const result = runNode([exitInHandler, mode]);
    assert.equal(result.stdout, 'clean-up calls process.exit(5)\nregistered first: still runs\n');
    assert.equal(result.status, 5);
    if (mode === 'throw') assert.match(result.stderr, /Error: uncaught failure/);
    else assert.equal(result.stderr, '');
  });
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  test(`${signal}: the handlers run and the async one is waited for; then the process ends by ${signal}, as it would have without them`, async () => {
    const result = await runSignalled('signal', signal);
    assert.deepEqual(handlerLines(result.stdout), allRan);
    assert.equal(result.signal, signal);
    assert.equal(result.status, null);
  });
}

test("a program that takes every 'exit' and 'beforeExit' listener away (process.removeAllListeners) does not take the handlers away: they run at its end all the same, async ones waited for", () => {
  const natural = runNode([program, 'listeners-removed']);
  assert.deepEqual(handlerLines(natural.stdout), allRan);
  assert.equal(natural.status, 4);
  const exited = runNode([program, 'listeners-removed-exit']);
  assert.deepEqual(handlerLines(exited.stdout), ranWithoutWaiting);
  assert.equal(exited.status, 3);
});

test("with signal-exit loaded before the first handler and let go of since (it puts back the process.emit it found), a program that takes every 'exit' listener away and exits still runs the handlers", () => {
  const result = runNode([join(repoRoot, 'test', 'fixtures', 'process', 'signal-exit-first.mjs')]);
  assert.equal(result.stdout, 'handler ran\n');
  assert.equal(result.status, 5);
});

test('a second signal while a handler is waited for ends the process at once, by that signal', async () => {
  const result = await runSignalled('second-signal', 'SIGTERM', 'SIGINT');
  assert.deepEqual(handlerLines(result.stdout), ['last registered', 'slow: started']);
  assert.equal(result.signal, 'SIGINT');
});

test('where the program listens for a signal itself, its listener decides: the handlers run at the end it chose, with its exit code', async () => {
  const result = await runSignalled('own-listener', 'SIGTERM');
  assert.deepEqual(handlerLines(result.stdout), ['own listener', ...ranWithoutWaiting]);
  assert.equal(result.status, 0);
});

test("with signal-exit's handlers too (write-file-atomic, execa and others bring it), a signal runs hookline's handlers, then signal-exit's, and the process still ends by the signal", async () => {
  const result = await runSignalled('signal-exit', 'SIGTERM');
  assert.deepEqual(handlerLines(result.stdout), [...allRan, 'signal-exit handler null SIGTERM']);
  assert.equal(result.signal, 'SIGTERM');
});

const ownListener = join(repoRoot, 'test', 'fixtures', 'process', 'own-signal-listener.mjs');

const ownShutdowns = [
  ['once-before', 'with process.once() before the first onExit handler'],
  [
    'self-removing-before',
    'with a listener that takes itself out as it runs, before the first onExit handler',
  ],
  ['on-before', 'with process.on() before the first onExit handler'],
  ['once-after', 'with process.once() after the first onExit handler'],
  ['prepend-once-after', 'with process.prependOnceListener() after the first onExit handler'],
] as const;

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  // Each way for SIGTERM, the first for the other signals: one listener serves the three.
  for (const [mode, how] of signal === 'SIGTERM' ? ownShutdowns : ownShutdowns.slice(0, 1)) {
    test(`a program's own async graceful shutdown for ${signal}, registered ${how}, decides: it runs to its end, and the handlers run at the process.exit(0) it chose`, async () => {
      const result = await runStepping([ownListener, mode, signal], [whenReady(signal)]);
      assert.equal(
        result.stdout,
        'ready\nshutdown: started\nshutdown: finished\nonExit handler\n',
        result.stderr,
      );
      assert.equal(result.signal, null);
      assert.equal(result.status, 0);
    });
  }
}

test('with two copies of hookline in the process (two versions installed, or one bundled into a dependency), a signal runs the handlers of both, each waited for, and then ends the process by the signal', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'hookline-process-copy-'));
  try {
    cpSync(join(repoRoot, 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(repoRoot, 'package.json'), join(copy, 'package.json'));
    const result = await runStepping(
      [join(repoRoot, 'test', 'fixtures', 'process', 'two-copies.mjs')],
      [whenReady('SIGTERM')],
      { HOOKLINE_COPY: copy },
    );
    // Each copy runs its own handlers, started by the same signal: how their lines interleave is
    // the order of the copies' listeners.
    assert.deepEqual(
      result.stdout
        .split('\n')
        .filter((line) => line !== '')
        .sort(),
      ['first copy: ran', 'ready', 'second copy: finished', 'second copy: started'],
      result.stderr,
    );
    assert.equal(result.signal, 'SIGTERM');
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('a promise that never settles is given up after HOOKLINE_EXIT_TIMEOUT milliseconds: a warning names it, the handlers left run, and the program ends with its exit code (not the one the handler set after an await)', () => {
  const result = runNode([program, 'never-settles'], { env: { HOOKLINE_EXIT_TIMEOUT: '100' } });
  assert.deepEqual(handlerLines(result.stdout), ranWithoutWaiting);
  assert.equal(result.status, 4);
  assert.match(
    result.stderr,
    /an onExit handler \(function slow\) did not finish within the 100 ms the program's end waits; it ends without it\. Set HOOKLINE_EXIT_TIMEOUT/,
  );
});

test('an undone handler does not run; with none left, hookline listens for no signal, so a signal ends the process as Node would', () => {
  const result = runNode([
    '--input-type=module',
    '-e',
    `import { onExit } from 'hookline/process';
const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit', 'beforeExit'];
// Node 20 has a listener of its own for 'exit': what hookline adds is counted.
const base = events.map((event) => process.listenerCount(event));
const counts = () => events.map((event, at) => process.listenerCount(event) - base[at]).join(',');
const first = onExit(() => console.log('undone: ran'));
const second = onExit(() => console.log('undone too: ran'));
console.log(counts());
first();
console.log(counts(), first.active);
second[Symbol.dispose]();
console.log(counts(), second.active);`,
  ]);
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, '1,1,1,1,1\n1,1,1,1,1 false\n0,0,0,0,0 false\n');
});

test("a program's own process.emit('SIGTERM') (a test of its shutdown) ends nothing: its listener runs, and the handlers wait for the process's end, as without hookline", () => {
  const result = runNode([
    '--input-type=module',
    '-e',
    `import { onExit } from 'hookline/process';
onExit(() => console.log('handler'));
process.on('SIGTERM', () => console.log('program'));
process.emit('SIGTERM');
process.emit('SIGINT');
console.log('after');`,
  ]);
  assert.equal(result.stderr, '');
  assert.equal(result.status, 0);
  assert.equal(result.stdout, 'program\nafter\nhandler\n');
});

test("a program at the limit of listeners for a signal is not warned of a leak for hookline's; a handler added after the program took every listener of a signal away listens for it again", () => {
  const atLimit = runNode([
    '--input-type=module',
    '-e',
    `import { onExit } from 'hookline/process';
for (let i = 0; i < 10; i++) process.on('SIGINT', () => {});
onExit(() => {});
console.log('done');`,
  ]);
  assert.equal(atLimit.stderr, '');
  assert.equal(atLimit.stdout, 'done\n');
  const taken = runNode([
    '--input-type=module',
    '-e',
    `import { onExit } from 'hookline/process';
onExit(() => console.log('first'));
process.removeAllListeners('SIGINT');
onExit(() => console.log('second'));
setInterval(() => {}, 1000);
setImmediate(() => process.kill(process.pid, 'SIGINT'));`,
  ]);
  assert.equal(taken.stdout, 'second\nfirst\n');
  assert.equal(taken.signal, 'SIGINT');
});

test('a value that is not a function is refused with an error that says what to pass, and nothing is registered', () => {
  const before = process.listenerCount('exit');
  assert.throws(
    () => onExit(42 as unknown as () => void),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'ERR_HOOKLINE_NOT_A_FUNCTION');
      assert.match(
        error.message,
        /^onExit\(fn, \.\.\.args\): Expected a function to run as the process ends but got number 42\. Pass the function itself/,
      );
      return true;
    },
  );
  assert.equal(process.listenerCount('exit'), before);
  assert.equal(process.listenerCount('SIGINT'), 0);
});
