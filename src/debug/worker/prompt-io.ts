import { chmodSync, lstatSync, openSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { ReadStream, WriteStream } from 'node:tty';
import { debug } from '../../internal/debuglog.js';
import { type LeftoverWatch, removeAtEnd } from './socket-leftover.js';

/** Where the prompt reads and writes: the terminal, or one client of the socket. */
export interface PromptIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream & { columns?: number };
  /** Line editing, completion and history (a terminal, or a socket client in raw mode). */
  readonly terminal: boolean;
  readonly colors: boolean;
  close(): void;
}

/**
 * The controlling terminal, opened anew: the program's own stdin and stdout may be pipes, and
 * the worker's `process.stdin`/`stdout` go through the main thread, which is paused.
 * Throws (ENXIO) when the process has no controlling terminal.
 */
export function openTerminal(): PromptIo {
  const inputFd = openSync('/dev/tty', 'r');
  const outputFd = openSync('/dev/tty', 'w');
  const input = new ReadStream(inputFd);
  const output = new WriteStream(outputFd);
  return {
    input,
    output,
    terminal: true,
    colors: output.hasColors(),
    close() {
      if (input.isRaw) input.setRawMode(false);
      input.destroy();
      output.destroy();
    },
  };
}

/** The first line an attaching client may send to describe its terminal. */
interface Handshake {
  readonly hookline: number;
  readonly terminal?: boolean;
  readonly columns?: number;
  readonly colors?: boolean;
}

/**
 * A Unix socket the prompt is served on, one client at a time. A client may open with a JSON
 * line `{"hookline":1,"terminal":true,"columns":120,"colors":true}` to get line editing and
 * colours (`hookline attach` does); any other first bytes are taken as input to a plain
 * line-by-line prompt (`nc -U`, `socat`).
 */
export class SocketTransport {
  readonly path: string;
  /** What listening leaves on disk (the socket file, or its folder), removed however the process ends. */
  readonly #leftover: string;
  #leftoverWatch: LeftoverWatch | undefined;
  readonly #server: Server;
  #listening: Promise<void> | undefined;
  readonly #waiting: ((socket: Socket) => void)[] = [];
  /** Clients that connected before a hook asked for one: the path is printed just before the pause. */
  readonly #early: Socket[] = [];

  constructor(path: string, leftover: string) {
    this.path = path;
    this.#leftover = leftover;
    this.#server = createServer((socket) => {
      const next = this.#waiting.shift();
      if (next) next(socket);
      else {
        this.#early.push(socket);
        socket.once('close', () => {
          const index = this.#early.indexOf(socket);
          if (index !== -1) this.#early.splice(index, 1);
        });
      }
    });
    this.#server.unref();
  }

  /**
   * Starts listening (once) with mode 0600, so only this user can connect. A socket file left at
   * the path by a run that was killed (no exit work then) is removed first, where nothing answers
   * on it; one another process serves is left, and listening fails.
   */
  listen(): Promise<void> {
    this.#listening ??= this.#listenOnce().catch(async (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      const found = await socketState(this.path);
      if (found === 'served') {
        throw new Error(
          `another process listens on ${this.path}: set HOOKLINE_HOOK_SOCKET to a free path`,
          { cause: error },
        );
      }
      if (found !== 'stale') throw error;
      debug('%s is a socket nothing listens on, left by an earlier run: removed', this.path);
      unlinkSync(this.path);
      return this.#listenOnce();
    });
    return this.#listening;
  }

  #listenOnce(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      // The folder the path lives in is 0700 already (the main thread made it with mkdtemp),
      // so no one else can reach the socket before its own mode is set (a worker cannot
      // change the umask).
      this.#server.listen(this.path, () => {
        this.#server.off('error', reject);
        chmodSync(this.path, 0o600);
        // Listened on: the file is this run's to remove, even where a signal ends the process.
        this.#leftoverWatch ??= removeAtEnd(this.#leftover);
        resolve();
      });
    });
  }

  /** Waits for the next client and reads its handshake, if any. */
  async accept(): Promise<PromptIo> {
    await this.listen();
    const socket =
      this.#early.shift() ?? (await new Promise<Socket>((resolve) => this.#waiting.push(resolve)));
    const handshake = await readHandshake(socket);
    debug('socket client connected, handshake %o', handshake);
    const output = socket as Socket & { columns?: number };
    if (handshake?.columns) output.columns = handshake.columns;
    return {
      input: socket,
      output,
      terminal: handshake?.terminal ?? false,
      colors: handshake?.colors ?? false,
      close() {
        socket.end();
      },
    };
  }

  /** Stops listening; the process removes the leftover itself (at exit), so its watch stands down. */
  close(): void {
    this.#server.close();
    this.#leftoverWatch?.keep();
    this.#leftoverWatch = undefined;
  }
}

/**
 * What is at `path`, where listening found it in use: a socket another process serves, one
 * nothing answers on (its process was killed before it could remove it), or something else.
 */
function socketState(path: string): Promise<'served' | 'stale' | 'other'> {
  try {
    if (!lstatSync(path).isSocket()) return Promise.resolve('other');
  } catch {
    return Promise.resolve('other');
  }
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve('served');
    });
    probe.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ECONNREFUSED' ? 'stale' : 'other');
    });
  });
}

/** How long a client has to send its handshake before it is taken as a plain line client. */
const HANDSHAKE_GRACE_MS = 250;

function readHandshake(socket: Socket): Promise<Handshake | undefined> {
  return new Promise((resolve) => {
    // A plain client (nc -U) may wait for a prompt before it sends anything.
    const grace = setTimeout(() => {
      socket.off('readable', onReadable);
      resolve(undefined);
    }, HANDSHAKE_GRACE_MS);
    const onReadable = () => {
      clearTimeout(grace);
      const chunk = socket.read() as Buffer | null;
      if (chunk === null) return resolve(undefined);
      const text = chunk.toString('utf8');
      const newline = text.indexOf('\n');
      if (text.startsWith('{"hookline"') && newline !== -1) {
        try {
          const handshake = JSON.parse(text.slice(0, newline)) as Handshake;
          const rest = chunk.subarray(Buffer.byteLength(text.slice(0, newline + 1)));
          if (rest.length > 0) socket.unshift(rest);
          return resolve(handshake);
        } catch (error) {
          debug('socket handshake is not JSON, taken as input: %s', (error as Error).message);
        }
      }
      socket.unshift(chunk);
      resolve(undefined);
    };
    socket.once('readable', onReadable);
  });
}
