/** A DevTools protocol message the inspector sends: a reply (with an id), or an event. */
interface Message {
  readonly id?: number;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

/** The connection ended, or was given up, before the inspector answered. */
export class ConnectionLost extends Error {}

/**
 * One connection to a Node.js inspector over its WebSocket: commands sent, their replies matched
 * by id, events handed to the listeners given to {@link on}. A command never waits on a
 * connection that is gone: once it closes, or is given up with {@link fail}, every command
 * waiting and every later one is rejected with the reason.
 */
export class InspectorConnection {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();
  readonly #listeners = new Map<string, (params: unknown) => void>();
  #nextId = 1;
  #failure: Error | undefined;
  /** What {@link closed} resolves with: set on the first close, by either end. */
  readonly closed: Promise<void>;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as Message;
      if (message.id === undefined) {
        if (message.method !== undefined) this.#listeners.get(message.method)?.(message.params);
        return;
      }
      const waiter = this.#pending.get(message.id);
      if (waiter === undefined) return;
      this.#pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
    this.closed = new Promise((resolve) => {
      socket.addEventListener(
        'close',
        () => {
          this.fail(new ConnectionLost('the inspector closed the connection'));
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Connects to the inspector at `url` (a `ws://127.0.0.1:…` URL from its /json/list). */
  static open(url: string): Promise<InspectorConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.addEventListener('open', () => resolve(new InspectorConnection(socket)), {
        once: true,
      });
      socket.addEventListener(
        'error',
        () => reject(new ConnectionLost(`could not connect to ${url}`)),
        { once: true },
      );
    });
  }

  /** Calls `listener` with the params of each `method` event (one listener a method). */
  on(method: string, listener: (params: unknown) => void): void {
    this.#listeners.set(method, listener);
  }

  /** Sends `method` with `params`; resolves with its result. */
  send<T>(method: string, params: object = {}): Promise<T> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /**
   * Gives the connection up: the commands waiting, and any sent later, are rejected with
   * `reason` (the first reason given stays).
   */
  fail(reason: Error): void {
    this.#failure ??= reason;
    for (const waiter of this.#pending.values()) waiter.reject(this.#failure);
    this.#pending.clear();
  }

  /**
   * Resolves once the inspector has closed the connection, or, past `ms`, closes it from here: for
   * a command that ends the inspector, which would drop it unrun if the connection were closed
   * first (the inspector hands commands to the program's thread, and a closed connection's are
   * discarded).
   */
  async closedByPeer(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    await Promise.race([this.closed, late]);
    clearTimeout(timer);
    await this.close();
  }

  /** Closes the connection; resolves once it is closed. */
  close(): Promise<void> {
    if (this.#socket.readyState !== WebSocket.CLOSED) this.#socket.close();
    return this.closed;
  }
}
