import type * as WorkerThreads from 'node:worker_threads';
import { lazyRequire } from '../../internal/lazy-require.js';

const threads = lazyRequire<typeof WorkerThreads>('node:worker_threads');

/** What a synchronous fetch got back. */
export interface SyncResponse {
  readonly failed?: undefined;
  readonly status: number;
  /** The URL that answered: the one asked for, or where the server redirected. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** A synchronous fetch that got no answer: the time ran out, or no connection was made. */
export interface SyncFailure {
  /** `refused`: the permission model refuses the helper thread (no `--allow-worker`). */
  readonly failed: 'timeout' | 'unreachable' | 'refused';
  /** Why, in the words of the error `fetch` gave. */
  readonly reason: string;
}

// Runs in a helper thread: does the fetch, posts the answer, then wakes the waiting thread.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, headers, timeout, port, done }) => {
  let reply;
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeout) });
    const body = new Uint8Array(await response.arrayBuffer());
    reply = { status: response.status, url: response.url, headers: Object.fromEntries(response.headers), body };
  } catch (error) {
    reply = {
      failed: error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable',
      reason: String((error && error.cause && error.cause.message) || (error && error.message) || error),
    };
  }
  port.postMessage(reply);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

let worker: WorkerThreads.Worker | undefined;

/**
 * `fetch` made synchronous, for module loading that cannot wait (`require`, in-thread import
 * hooks): a helper thread fetches while this one blocks on `Atomics.wait`. The helper starts
 * on first use, does not keep the process alive, and runs without the program's `--import`s.
 * A fetch that gets no answer is returned as a {@link SyncFailure}, for the caller to word.
 */
export function fetchSync(
  url: string,
  options: { readonly headers?: Readonly<Record<string, string>>; readonly timeout: number },
): SyncResponse | SyncFailure {
  if (!worker) {
    try {
      worker = new (threads().Worker)(WORKER_SOURCE, {
        eval: true,
        execArgv: [],
        stdout: false,
        stderr: false,
      });
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'ERR_ACCESS_DENIED') throw error;
      return { failed: 'refused', reason: 'the permission model refuses worker threads' };
    }
    worker.unref();
  }
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new (threads().MessageChannel)();
  worker.postMessage(
    { url, headers: options.headers ?? {}, timeout: options.timeout, port: port2, done },
    [port2],
  );
  try {
    // The helper's own timeout aborts the fetch; the extra second covers its start-up.
    Atomics.wait(done, 0, 0, options.timeout + 1_000);
    const message = threads().receiveMessageOnPort(port1)?.message as
      | SyncResponse
      | SyncFailure
      | undefined;
    return message ?? { failed: 'timeout', reason: `no answer within ${options.timeout} ms` };
  } finally {
    port1.close();
  }
}
