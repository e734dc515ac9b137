/** A DevTools protocol message the inspector sends back. */
interface Reply {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

/**
 * One connection to a Node.js inspector over its WebSocket: commands sent, their replies matched
 * by id. Events are not listened for: `inject` asks, and reads the answers.
 */
export class InspectorConnection {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      const reply = JSON.parse(String(event.data)) as Reply;
      if (reply.id === undefined) return;
      const waiter = this.#pending.get(reply.id);
      if (waiter === undefined) return;
      this.#pending.delete(reply.id);
      if (reply.error) waiter.reject(new Error(reply.error.message));
      else waiter.resolve(reply.result);
    });
    socket.addEventListener('close', () => {
      for (const waiter of this.#pending.values()) {
        waiter.reject(new Error('the inspector closed the connection'));
      }
      this.#pending.clear();
    });
  }

  /** Connects to the inspector at `url` (a `ws://127.0.0.1:…` URL from its /json/list). */
  static open(url: string): Promise<InspectorConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.addEventListener('open', () => resolve(new InspectorConnection(socket)), {
        once: true,
      });
      socket.addEventListener('error', () => reject(new Error(`could not connect to ${url}`)), {
        once: true,
      });
    });
  }

  /** Sends `method` with `params`; resolves with its result. */
  send<T>(method: string, params: object = {}): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Sends `method` without waiting for a reply (one that ends the connection). */
  post(method: string, params: object = {}): void {
    this.#socket.send(JSON.stringify({ id: this.#nextId++, method, params }));
  }

  /**
   * Resolves once the inspector has closed the connection, or, past `ms`, closes it from here: for
   * a command that ends the inspector, which would drop it unrun if the connection were closed
   * first (the inspector hands commands to the program's thread, and a closed connection's are
   * discarded).
   */
  closedByPeer(ms: number): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#socket.close(), ms);
      this.#socket.addEventListener(
        'close',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Closes the connection; resolves once it is closed. */
  close(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.#socket.addEventListener('close', () => resolve(), { once: true });
      this.#socket.close();
    });
  }
}
