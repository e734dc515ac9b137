import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { nodeBinary, repoRoot, runNode } from '../helpers/run-node.js';

// HOOKLINE_HOOK=socket: the prompt is served on a private Unix socket instead of the terminal,
// for `hookline attach` or any client. This test is such a client.

const fixture = join(repoRoot, 'test', 'fixtures', 'debug', 'plain-hook.mjs');

/** Collects a stream's text and resolves when it matches. */
class Reader {
  text = '';
  readonly #waiters: { pattern: RegExp; resolve: (match: RegExpExecArray) => void }[] = [];

  constructor(stream: NodeJS.ReadableStream) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      this.text += chunk;
      for (const waiter of [...this.#waiters]) {
        const match = waiter.pattern.exec(this.text);
        if (match) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(match);
        }
      }
    });
  }

  waitFor(pattern: RegExp, timeout = 30_000): Promise<RegExpExecArray> {
    const match = pattern.exec(this.text);
    if (match) return Promise.resolve(match);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${pattern} in time; got:\n${this.text}`)),
        timeout,
      );
      this.#waiters.push({
        pattern,
        resolve: (found) => {
          clearTimeout(timer);
          resolve(found);
        },
      });
    });
  }
}

function connectTo(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path, () => resolve(socket));
    socket.once('error', reject);
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Runs `program` with its hooks on sockets; its output is read as it comes. */
function runHooked(program: string) {
  const child = spawn(nodeBinary, [program], {
    cwd: repoRoot,
    env: { ...process.env, HOOKLINE_HOOK: 'socket', NODE_DEBUG: '' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return {
    child,
    exit: exited(child),
    stdout: new Reader(child.stdout as NodeJS.ReadableStream),
    stderr: new Reader(child.stderr as NodeJS.ReadableStream),
  };
}

test('HOOKLINE_HOOK=socket serves each hook on a 0600 Unix socket, plain or with a handshake', async () => {
  const { child, exit, stdout, stderr } = runHooked(fixture);
  try {
    const [, site, path] = await stderr.waitFor(
      /hookline: hook\(\) at (\S+) is waiting on socket (\S+) /,
    );
    assert.match(site ?? '', /plain-hook\.mjs:6$/);
    const socketPath = path ?? '';
    assert.equal(statSync(socketPath).mode & 0o777, 0o600);
    assert.equal(statSync(dirname(socketPath)).mode & 0o777, 0o700);

    // A plain client: line by line, no terminal features.
    const plain = await connectTo(socketPath);
    const first = new Reader(plain);
    await first.waitFor(/Hooked at .*plain-hook\.mjs:6 - Ctrl\+D to resume[\s\S]*> $/);
    plain.write('value * 2\n');
    await first.waitFor(/> 2\n> $/);
    plain.end();

    // A client that says it is a terminal gets line editing; its assignments are copies.
    await stderr.waitFor(/plain-hook\.mjs:7 is waiting on socket/);
    const attached = await connectTo(socketPath);
    const second = new Reader(attached);
    attached.write(
      `${JSON.stringify({ hookline: 1, terminal: true, columns: 100, colors: false })}\n`,
    );
    await second.waitFor(/plain-hook\.mjs:7 - Ctrl\+D to resume[\s\S]*> /);
    attached.write('value + 40\r');
    await second.waitFor(/41/);
    attached.write('\u0004');
    await stdout.waitFor(/after 1\n/);
    assert.equal(await exit, 0);
    assert.equal(stdout.text, 'before\nafter 1\n');
    assert.equal(existsSync(socketPath), false, 'the socket is removed at exit');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('a logpoint set from code typed at the prompt is set as the program goes on, and logs', async () => {
  const { child, exit, stdout, stderr } = runHooked(
    join(repoRoot, 'test', 'fixtures', 'debug', 'logpoint-at-prompt.mjs'),
  );
  try {
    const [, path] = await stderr.waitFor(/is waiting on socket (\S+) /);
    const client = await connectTo(path ?? '');
    const prompt = new Reader(client);
    await prompt.waitFor(/> $/);
    // The trace worker cannot reach the program while the prompt runs code: set once it goes on.
    client.write(
      "logpoint(sumLine, 'sum', { log: (value) => console.log('logged', value) }); 'set'\n",
    );
    await prompt.waitFor(/'set'\n> $/);
    client.end();
    assert.equal(await exit, 0);
    assert.equal(stdout.text, 'after hook\nlogged 3\n');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

/** hookOnError() with its prompt on the socket at `path` (HOOKLINE_HOOK_SOCKET), in a program that ends at once. */
function postMortemOn(path: string) {
  return runNode(
    [
      '--input-type=module',
      '-e',
      "import { hookOnError } from 'hookline/debug'; console.log('post-mortem', hookOnError());",
    ],
    { env: { HOOKLINE_HOOK: 'socket', HOOKLINE_HOOK_SOCKET: path } },
  );
}

test('HOOKLINE_HOOK_SOCKET at a socket a killed run left behind: the file is taken over, and removed as the process exits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-socket-test-'));
  try {
    const path = join(dir, 'repl.sock');
    // A process killed while it listened: no exit work, the socket file stays.
    runNode([
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    assert.ok(statSync(path).isSocket(), 'the killed run left its socket');
    const result = postMortemOn(path);
    assert.equal(result.stdout, 'post-mortem true\n');
    assert.equal(result.stderr, `hookline: uncaught exceptions will wait on socket ${path}\n`);
    assert.equal(existsSync(path), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('HOOKLINE_HOOK_SOCKET at a socket another process serves: post-mortem says so and stays off, and leaves that socket alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-socket-test-'));
  const server = createServer((socket) => socket.end());
  try {
    const path = join(dir, 'repl.sock');
    await new Promise<void>((resolve) => server.listen(path, resolve));
    const result = postMortemOn(path);
    assert.equal(result.stdout, 'post-mortem false\n');
    assert.match(
      result.stderr,
      /post-mortem prompt is off: another process listens on .*repl\.sock: set HOOKLINE_HOOK_SOCKET to a free path\./,
    );
    assert.ok(statSync(path).isSocket(), "the other process's socket is still there");
  } finally {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The signal `child` ends by, once it ends. */
function endedBy(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}

/**
 * Resolves once nothing is at `path`. What a signal leaves is removed from outside the process
 * just after it ends, so this looks until a deadline rather than once.
 */
async function gone(path: string): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (existsSync(path)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

test('a signal that ends the program while a hook waits on the socket (SIGTERM, SIGINT) still ends it, and the socket and its folder go too', async () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const { child, stderr } = runHooked(fixture);
    try {
      const [, path] = await stderr.waitFor(/is waiting on socket (\S+) /);
      const folder = dirname(path ?? '');
      const ended = endedBy(child);
      child.kill(signal);
      assert.equal(await ended, signal, 'ended by the signal, not by a handler of hookline');
      assert.equal(await gone(folder), true, `${folder} removed after ${signal}`);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
});

test('hookline run --hook-on-error killed while its prompt is open on HOOKLINE_HOOK_SOCKET: the socket file goes, its folder stays, and run ends with 128 + SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-socket-test-'));
  const path = join(dir, 'repl.sock');
  const child = spawn(
    nodeBinary,
    [
      join(repoRoot, 'dist', 'cli', 'main.js'),
      'run',
      '--hook-on-error',
      join(repoRoot, 'test', 'fixtures', 'debug', 'post-mortem.cjs'),
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, HOOKLINE_HOOK: 'socket', HOOKLINE_HOOK_SOCKET: path, NODE_DEBUG: '' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exit = exited(child);
  const stdout = new Reader(child.stdout as NodeJS.ReadableStream);
  new Reader(child.stderr as NodeJS.ReadableStream);
  try {
    // The program runs once post-mortem listens.
    await stdout.waitFor(/hashing\n/);
    const client = await connectTo(path);
    await new Reader(client).waitFor(/Uncaught TypeError[\s\S]*> $/);
    child.kill('SIGTERM');
    assert.equal(await exit, 128 + (constants.signals.SIGTERM as number));
    assert.equal(await gone(path), true, 'the socket file removed');
    assert.equal(existsSync(dir), true, 'the folder HOOKLINE_HOOK_SOCKET names is left alone');
    client.destroy();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
