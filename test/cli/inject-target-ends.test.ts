import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli, hookline, startTarget } from '../helpers/live-target.js';
import { nodeBinary, runNode } from '../helpers/run-node.js';
import { Terminal } from '../helpers/terminal.js';

// Code that ends the process it runs in: with a debugger connected, Node waits at exit for it to
// disconnect. hookline sees the process end, disconnects, and says so — neither waits on the
// other.

describe('a process that ends while hookline is connected', {
  skip: process.platform === 'linux' ? false : 'the target checks read /proc (Linux)',
}, () => {
  test('inject: code that exits the process ends both, with exit code 3 and the exit code it had', async () => {
    const target = await startTarget(['--inspect-port=0']);
    try {
      const result = runNode([cli, 'inject', String(target.pid), '-e', 'process.exit(7)']);
      assert.equal(result.stdout, '');
      assert.equal(
        result.stderr,
        `hookline inject: process ${target.pid} exited with code 7 while the code ran.\n`,
      );
      assert.equal(result.status, 3);
      assert.deepEqual(await target.exited, { code: 7, signal: null });
    } finally {
      target.child.kill('SIGKILL');
    }
  });

  test('inject: code that sets the exit code and exits later, as the code awaits', async () => {
    const target = await startTarget(['--inspect-port=0']);
    try {
      const result = runNode([
        cli,
        'inject',
        String(target.pid),
        '-e',
        'process.exitCode = 4; setImmediate(() => process.exit()); await new Promise(() => {})',
      ]);
      assert.equal(result.status, 3, result.stderr);
      assert.match(result.stderr, /process \d+ exited with code 4 while the code ran\.\n$/);
      assert.deepEqual(await target.exited, { code: 4, signal: null });
    } finally {
      target.child.kill('SIGKILL');
    }
  });

  test('attach from a pipe: a line that exits the process detaches, exit code 3; the lines after it are not run', async () => {
    const target = await startTarget(['--inspect-port=0']);
    try {
      const result = runNode([cli, 'attach', String(target.pid)], {
        input: 'counter + 1\nprocess.exit(3)\ncounter\n',
      });
      assert.equal(result.stdout, '42\n');
      assert.match(
        result.stderr,
        /\nhookline attach: process \d+ exited with code 3; detached\.\n$/,
      );
      assert.equal(result.status, 3);
      assert.deepEqual(await target.exited, { code: 3, signal: null });
    } finally {
      target.child.kill('SIGKILL');
    }
  });

  test('attach in a terminal: a line that exits the process ends the prompt, exit code 3', async () => {
    const target = await startTarget(['--inspect-port=0']);
    try {
      using terminal = Terminal.start([nodeBinary, cli, 'attach', String(target.pid)]);
      await terminal.waitFor(`\n${target.pid}> `);
      terminal.line('process.exit(3)');
      assert.equal(await terminal.exitCode(), 3);
      assert.match(
        terminal.screen(),
        new RegExp(`hookline attach: process ${target.pid} exited with code 3; detached\\.`),
      );
      assert.deepEqual(await target.exited, { code: 3, signal: null });
    } finally {
      target.child.kill('SIGKILL');
    }
  });

  test('attach from a pipe: a process killed while the prompt waits for a line is reported then, exit code 3', async () => {
    const target = await startTarget(['--inspect-port=0']);
    const attach = hookline(['attach', String(target.pid)]);
    try {
      attach.child.stdin?.write('counter\n');
      await attach.printed(/^41\n/);
      target.child.kill('SIGKILL');
      assert.deepEqual(await attach.exited, { code: 3, signal: null });
      assert.match(
        attach.stderr(),
        /\nhookline attach: process \d+ ended \(killed.*\); detached\.\n$/,
      );
    } finally {
      attach.child.kill('SIGKILL');
      target.child.kill('SIGKILL');
    }
  });
});
