import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  hookline,
  inspectorClosed,
  inspectorListens,
  openedPort,
  startTarget,
} from '../helpers/live-target.js';
import { runNode } from '../helpers/run-node.js';

// A hookline stopped by a signal closes the inspector it opened before it ends: left open, any
// process on the machine could connect to it, and every later inject would find it open and
// leave it so.

const linux = process.platform === 'linux';

/** Code that says it runs, then waits for ever: an inject of it is under way until stopped. */
const RUNS_FOR_EVER = 'console.log("running"); await new Promise(() => {})';

/**
 * A target, and an inject of {@link RUNS_FOR_EVER} into it once the code runs there, with the
 * port of the inspector the inject opened.
 */
async function injectRunning(options?: { detached: boolean }) {
  const target = await startTarget(['--inspect-port=0']);
  const inject = hookline(['inject', String(target.pid), '-e', RUNS_FOR_EVER], options);
  try {
    const port = await openedPort(target);
    await target.printed(/running\n/);
    return { target, inject, port };
  } catch (error) {
    inject.child.kill('SIGKILL');
    target.child.kill('SIGKILL');
    throw error;
  }
}

describe('inject and attach interrupted', { skip: linux ? false : 'reads /proc (Linux)' }, () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    test(`inject: ${signal} while the code runs closes the inspector, then ends hookline with ${signal}`, async () => {
      const { target, inject, port } = await injectRunning();
      try {
        inject.child.kill(signal);
        assert.deepEqual(await inject.exited, { code: null, signal });
        assert.equal(await inspectorListens(port), false);
        assert.equal(inject.stdout(), '');
      } finally {
        inject.child.kill('SIGKILL');
        target.child.kill('SIGKILL');
      }
    });
  }

  test('attach from a pipe: SIGTERM detaches and closes the inspector', async () => {
    const target = await startTarget(['--inspect-port=0']);
    const attach = hookline(['attach', String(target.pid)]);
    try {
      const port = await openedPort(target);
      attach.child.stdin?.write('counter\n');
      await attach.printed(/^41\n/);
      attach.child.kill('SIGTERM');
      assert.deepEqual(await attach.exited, { code: null, signal: 'SIGTERM' });
      assert.equal(await inspectorListens(port), false);
    } finally {
      attach.child.kill('SIGKILL');
      target.child.kill('SIGKILL');
    }
  });

  test('a hookline killed outright (SIGKILL, no chance to leave): the next inject closes the inspector it left open', async () => {
    // Its own process group: on Node 20, the command started again for the WebSocket dies too.
    const { target, inject, port } = await injectRunning({ detached: true });
    try {
      process.kill(-inject.pid, 'SIGKILL');
      await inject.exited;
      const next = hookline(['inject', String(target.pid), '-e', 'counter']);
      assert.deepEqual(await next.exited, { code: 0, signal: null }, next.stderr());
      assert.equal(next.stdout(), '41\n');
      await inspectorClosed(port);
    } finally {
      try {
        process.kill(-inject.pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
      target.child.kill('SIGKILL');
    }
  });

  test('Node 20, where hookline runs again with --experimental-websocket: the command it started leaves when hookline is killed outright', {
    skip:
      runNode(['-p', 'typeof WebSocket']).stdout.trim() === 'function'
        ? 'this Node has WebSocket: no second process'
        : false,
  }, async () => {
    const { target, inject, port } = await injectRunning();
    try {
      inject.child.kill('SIGKILL');
      await inject.exited;
      await inspectorClosed(port);
    } finally {
      target.child.kill('SIGKILL');
    }
  });
});
