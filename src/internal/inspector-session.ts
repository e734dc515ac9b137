import { Session } from 'node:inspector';
import { debug } from './debuglog.js';

/**
 * A promise-based client for Node's in-process inspector, for use in a worker thread talking
 * to the main thread (`connectToMainThread`).
 *
 * A pending `session.post()` does not keep a worker's event loop alive: a worker waiting only
 * for an inspector reply would exit mid-conversation. This client holds a ref'd timer while
 * any reply is outstanding.
 */
export class InspectorClient {
  readonly #session = new Session();
  #pending = 0;
  #keepAlive: NodeJS.Timeout | undefined;
  #connected = false;

  get connected(): boolean {
    return this.#connected;
  }

  /** Connects to the main thread's inspector (only valid inside a worker). */
  connectToMainThread(): void {
    if (this.#connected) return;
    this.#session.connectToMainThread();
    this.#connected = true;
  }

  /** Disconnects; safe to call twice. Pending replies are rejected by Node. */
  disconnect(): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#session.disconnect();
  }

  /** Sends one protocol command and resolves with its result. */
  post<T = unknown>(method: string, params?: object): Promise<T> {
    this.#hold();
    return new Promise<T>((resolve, reject) => {
      this.#session.post(method, params ?? {}, (error, result) => {
        this.#release();
        if (error) {
          debug('inspector %s failed: %s', method, error.message);
          reject(error);
        } else resolve(result as T);
      });
    });
  }

  /** Listens to one protocol event (`Debugger.paused`); returns the way to stop listening. */
  on<T = unknown>(event: string, listener: (params: T) => void): () => void {
    const handler = (message: { params: T }) => listener(message.params);
    this.#session.on(event, handler);
    return () => this.#session.off(event, handler);
  }

  #hold(): void {
    this.#pending += 1;
    this.#keepAlive ??= setInterval(() => {}, 1 << 30);
  }

  #release(): void {
    this.#pending -= 1;
    if (this.#pending === 0 && this.#keepAlive !== undefined) {
      clearInterval(this.#keepAlive);
      this.#keepAlive = undefined;
    }
  }
}
