import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  hookline,
  inspectorClosed,
  inspectorListens,
  openedPort,
  startTarget,
} from '../helpers/live-target.js';

// Several hookline sessions in one process at once share its inspector: it is closed when the
// last one leaves, not under another that is still connected; a connection lost is said, never
// waited on.

describe('hookline sessions sharing a process', {
  skip: process.platform === 'linux' ? false : 'reads /proc (Linux)',
}, () => {
  test('an inject that opened the inspector, ending while an attach is connected, leaves it open to the attach, which closes it as it detaches', async () => {
    const target = await startTarget(['--inspect-port=0']);
    const inject = hookline([
      'inject',
      String(target.pid),
      '-e',
      'console.log("waiting"); await new Promise((resolve) => { globalThis.release = resolve; })',
    ]);
    const attach = hookline(['attach', String(target.pid)]);
    try {
      const port = await openedPort(target);
      await target.printed(/waiting\n/);
      await attach.printed(/^Attached to process/, 'stderr');
      attach.child.stdin?.write('release("done")\n');
      assert.deepEqual(await inject.exited, { code: 0, signal: null }, inject.stderr());
      assert.equal(inject.stdout(), "'done'\n");
      attach.child.stdin?.write('counter + 1\n');
      await attach.printed(/^undefined\n42\n$/);
      assert.equal(await inspectorListens(port), true);
      attach.child.stdin?.end();
      assert.deepEqual(await attach.exited, { code: 0, signal: null }, attach.stderr());
      assert.equal(await inspectorListens(port), false);
    } finally {
      inject.child.kill('SIGKILL');
      attach.child.kill('SIGKILL');
      target.child.kill('SIGKILL');
    }
  });

  test('injects run at the same time all answer, and the inspector is closed once all are done', async () => {
    const target = await startTarget(['--inspect-port=0']);
    try {
      const runs = [1, 2, 3, 4].map((n) =>
        hookline([
          'inject',
          String(target.pid),
          '-e',
          `await new Promise((resolve) => setTimeout(resolve, ${n * 20})); counter + ${n}`,
        ]),
      );
      const port = await openedPort(target);
      for (const [index, run] of runs.entries()) {
        assert.deepEqual(await run.exited, { code: 0, signal: null }, run.stderr());
        assert.equal(run.stdout(), `${42 + index}\n`);
      }
      // The last to leave may be another than the last awaited here: its close is awaited.
      await inspectorClosed(port);
    } finally {
      target.child.kill('SIGKILL');
    }
  });

  test('attach from a pipe: the inspector closed under it (by the program) is reported as it waits for a line, exit code 1', async () => {
    const target = await startTarget(['--inspect-port=0']);
    const attach = hookline(['attach', String(target.pid)]);
    try {
      attach.child.stdin?.write(
        'setImmediate(() => process.getBuiltinModule("node:inspector").close())\n',
      );
      assert.deepEqual(await attach.exited, { code: 1, signal: null });
      assert.match(
        attach.stderr(),
        /\nhookline attach: process \d+'s inspector closed the connection: the program, or a debugger connected to it, closed its inspector\.\n$/,
      );
    } finally {
      attach.child.kill('SIGKILL');
      target.child.kill('SIGKILL');
    }
  });
});
