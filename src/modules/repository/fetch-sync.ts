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

/**
 * A synchronous fetch that got no whole answer: the time ran out, no connection was made, or the
 * download broke off after the server answered (then `answered` says how far it got).
 */
export interface SyncFailure {
  /**
   * `refused`: the permission model refuses the helper thread (no `--allow-worker`).
   * `redirects`: the server redirected more often than fetch follows.
   */
  readonly failed: 'timeout' | 'unreachable' | 'refused' | 'redirects';
  /** Why, in the words of the error `fetch` gave. */
  readonly reason: string;
  /** The code of what failed under `fetch` (`ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`…). */
  readonly code?: string | undefined;
  readonly answered?: PartialAnswer | undefined;
}

/** How far a download that broke off got: the server's status and headers, and the bytes read. */
export interface PartialAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly received: number;
}

// Runs in a helper thread: does the fetch, posts the answer, then wakes the waiting thread.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, headers, timeout, port, done }) => {
  let reply;
  let answered;
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeout) });
    answered = { status: response.status, headers: Object.fromEntries(response.headers), received: 0 };
    const chunks = [];
    for await (const chunk of response.body ?? []) {
      chunks.push(chunk);
      answered.received += chunk.byteLength;
    }
    const body = new Uint8Array(Buffer.concat(chunks));
    reply = { status: response.status, url: response.url, headers: answered.headers, body };
  } catch (error) {
    const reason = String((error && error.cause && error.cause.message) || (error && error.message) || error);
    const code = error && error.cause && typeof error.cause.code === 'string' ? error.cause.code : undefined;
    let failed = error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable';
    if (!answered && reason === 'redirect count exceeded') failed = 'redirects';
    reply = { failed, reason, code, answered };
  }
  port.postMessage(reply);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

let worker: WorkerThreads.Worker | undefined;

/**
 * Node's flags that change how `fetch` connects and that a thread takes from its own options,
 * not from the process: the helper must connect as the program does, or a repository the program
 * reaches is out of its reach (a proxy named by `--use-env-proxy`, a company CA trusted through
 * `--use-system-ca`), and limits the program sets on its connections would not hold for it.
 * `NODE_EXTRA_CA_CERTS`, `--use-openssl-ca` and `--use-bundled-ca` hold for the whole process,
 * and a thread may not be given them. `--tls-keylog` is left out: the thread would warn of it
 * a second time.
 */
const FETCH_FLAGS: ReadonlySet<string> = new Set([
  '--use-env-proxy',
  '--use-system-ca',
  '--tls-min-v1.0',
  '--tls-min-v1.1',
  '--tls-min-v1.2',
  '--tls-min-v1.3',
  '--tls-max-v1.2',
  '--tls-max-v1.3',
  '--dns-result-order',
  '--network-family-autoselection',
  '--no-network-family-autoselection',
  '--network-family-autoselection-attempt-timeout',
]);

/** The {@link FETCH_FLAGS} that take a value, which may follow as the next argument. */
const VALUED_FLAGS: ReadonlySet<string> = new Set([
  '--dns-result-order',
  '--network-family-autoselection-attempt-timeout',
]);

/**
 * The {@link FETCH_FLAGS} the program runs with, on its command line or in NODE_OPTIONS, as
 * `--name` or `--name=value` (Node takes `_` for `-` in a name, and a value as the next argument).
 */
function fetchFlags(): string[] {
  const given = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  const flags: string[] = [];
  for (let i = 0; i < given.length; i++) {
    const arg = given[i] ?? '';
    const equals = arg.indexOf('=');
    const name = (equals < 0 ? arg : arg.slice(0, equals)).replaceAll('_', '-');
    if (!FETCH_FLAGS.has(name)) continue;
    if (equals >= 0) flags.push(`${name}${arg.slice(equals)}`);
    else if (VALUED_FLAGS.has(name) && i + 1 < given.length) flags.push(`${name}=${given[++i]}`);
    else flags.push(name);
  }
  return flags;
}

/**
 * The helper thread, with the program's {@link fetchFlags}. A Node that holds one of them for the
 * whole process refuses it for a thread, which then has it anyway: it starts without them.
 */
function startHelper(): WorkerThreads.Worker {
  const options = { eval: true, stdout: false, stderr: false } as const;
  try {
    return new (threads().Worker)(WORKER_SOURCE, { ...options, execArgv: fetchFlags() });
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new (threads().Worker)(WORKER_SOURCE, { ...options, execArgv: [] });
  }
}

/**
 * `fetch` made synchronous, for module loading that cannot wait (`require`, in-thread import
 * hooks): a helper thread fetches while this one blocks on `Atomics.wait`. The helper starts
 * on first use, does not keep the process alive, and runs without the program's `--import`s
 * (with its flags that change how fetch connects).
 * A fetch that gets no answer is returned as a {@link SyncFailure}, for the caller to word.
 */
export function fetchSync(
  url: string,
  options: { readonly headers?: Readonly<Record<string, string>>; readonly timeout: number },
): SyncResponse | SyncFailure {
  if (!worker) {
    try {
      worker = startHelper();
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
