import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeBinary, repoRoot, runNode } from '../helpers/run-node.js';
import { Terminal } from '../helpers/terminal.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
const fixture = join(repoRoot, 'test', 'fixtures', 'debug', 'plain-hook.mjs');

/** Resolves with the first match of `pattern` in what `stream` prints. */
function printed(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<RegExpExecArray> {
  let text = '';
  return new Promise((resolve, reject) => {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      const match = pattern.exec(text);
      if (match) resolve(match);
    });
    stream.once('end', () => reject(new Error(`no ${pattern} in:\n${text}`)));
  });
}

test('hookline attach <socket> opens the prompt of a hook() waiting on a socket; input from a pipe is read line by line, and its end resumes the program', async () => {
  const program = spawn(nodeBinary, [fixture], {
    cwd: repoRoot,
    env: { ...process.env, HOOKLINE_HOOK: 'socket', NODE_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const programOut = printed(program.stdout, /after 1\n/);
    const [, path] = await printed(
      program.stderr,
      /is waiting on socket (\S+) \(hookline attach \1\)/,
    );
    // Both hooks of the fixture: each gets a client of its own.
    for (const line of ['value * 2', 'value + 40']) {
      const attach = runAttach(path ?? '', `${line}\n`);
      const result = await attach;
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /Hooked at .*plain-hook\.mjs:\d+ - Ctrl\+D to resume/);
      assert.match(result.stdout, line === 'value * 2' ? /> 2\n/ : /> 41\n/);
    }
    await programOut;
  } finally {
    program.kill('SIGKILL');
  }
});

test('hookline attach <socket> from a terminal: the prompt with line editing and completion, keys as typed; Ctrl+D resumes the program', async () => {
  const program = spawn(nodeBinary, [fixture], {
    cwd: repoRoot,
    env: { ...process.env, HOOKLINE_HOOK: 'socket', NODE_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const [, path] = await printed(
      program.stderr,
      /is waiting on socket (\S+) \(hookline attach \1\)/,
    );
    using terminal = Terminal.start([nodeBinary, cli, 'attach', path ?? '']);
    await terminal.waitFor(/Ctrl\+D to resume[\s\S]*\n> $/m);
    terminal.type('val');
    terminal.press('Tab');
    await terminal.waitFor('> value');
    assert.equal(await terminal.run(' + 40'), '41');
    terminal.press('C-d');
    assert.equal(await terminal.exitCode(), 0);
  } finally {
    program.kill('SIGKILL');
  }
});

/** Runs `hookline attach path` with `input` on its stdin. */
function runAttach(
  path: string,
  input: string,
): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG: '' };
    delete env['NODE_TEST_CONTEXT'];
    const child = spawn(nodeBinary, [cli, 'attach', path], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (status) => resolve({ stdout, stderr, status }));
    child.stdin.end(input);
  });
}

test('hookline attach refuses what is neither a process id nor a socket, saying what to give', () => {
  const missing = runNode([cli, 'attach', '/nonexistent/repl.sock']);
  assert.equal(missing.status, 2);
  assert.match(
    missing.stderr,
    /^hookline attach: \/nonexistent\/repl\.sock is no process id, nor a socket a hook\(\) waits on .* Give a process id, or copy the path from the program's "is waiting on socket" line\.\n$/,
  );
  const none = runNode([cli, 'attach']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /expected a process id or a socket path/);
});
