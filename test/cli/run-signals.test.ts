import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeBinary, repoRoot } from '../helpers/run-node.js';
import { Terminal } from '../helpers/terminal.js';

// `hookline run app.js` as a process manager sees it: a signal sent to run's pid goes to the
// program; the terminal's Ctrl+C, which reaches the program itself, is not passed on again.

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
const fixtures = join(repoRoot, 'test', 'fixtures', 'cli');

interface Signalled {
  readonly stdout: string;
  readonly status: number | null;
}

/**
 * Runs `hookline run <program>` with no terminal (a session of its own, as under pm2, docker or
 * systemd), sends `signal` to run's pid once the program says it is ready, and then writes
 * `input` to its stdin once the program's output shows `after`.
 */
function signalRun(
  program: string,
  signal: NodeJS.Signals,
  then?: { after: string; input: string },
): Promise<Signalled> {
  const child = spawn(nodeBinary, [cli, 'run', join(fixtures, program)], {
    cwd: repoRoot,
    env: { ...process.env, NODE_DEBUG: '' },
    detached: true,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let stdout = '';
  let signalled = false;
  let written = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!signalled && stdout.includes('ready\n')) {
      signalled = true;
      child.kill(signal);
    }
    if (then && !written && stdout.includes(then.after)) {
      written = true;
      child.stdin.write(then.input);
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`run did not end in time; stdout:\n${stdout}`));
    }, 30_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ stdout, status });
    });
  });
}

test("a SIGINT sent to run's pid reaches the program (pm2's stop, docker's STOPSIGNAL SIGINT)", async () => {
  const result = await signalRun('signal-counter.cjs', 'SIGINT', {
    after: 'SIGINT 1\n',
    input: 'end\n',
  });
  assert.equal(result.stdout, 'ready\nSIGINT 1\ntotal 1\n');
  assert.equal(result.status, 0);
});

test('a program that leaves SIGINT to Node ends by it, and run with 128 + its number, as for SIGTERM', async () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const result = await signalRun('waits.cjs', signal);
    assert.equal(result.stdout, 'ready\n', signal);
    assert.equal(result.status, 128 + (constants.signals[signal] as number), signal);
  }
});

test("Ctrl+C in the terminal reaches the program once: run does not pass on the terminal's SIGINT", async () => {
  using terminal = Terminal.start([nodeBinary, cli, 'run', join(fixtures, 'signal-counter.cjs')]);
  await terminal.waitFor('ready\n');
  terminal.press('C-c');
  await terminal.waitFor('SIGINT 1\n');
  terminal.line('end');
  const screen = await terminal.waitFor(/\[exit \d+\]/);
  assert.match(screen, /SIGINT 1\n(?:.*\n)?total 1\n/);
  assert.doesNotMatch(screen, /SIGINT 2/);
  assert.equal(await terminal.exitCode(), 0);
});
