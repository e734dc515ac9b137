import { Session } from 'node:inspector';
import { debug } from './debuglog.js';

/**
 * How often a worker waiting for the main thread's reply looks for it, in ms. On Node 26 a reply
 * (or an event) can reach a worker's session without waking the worker's event loop — seen under
 * load, where `hook()`'s prompt then never came back after a line: the timer that keeps the loop
 * alive while a reply is outstanding also makes it look again, so a lost wake-up costs this long
 * rather than the session.
 */
const REPLY_POLL_MS = 25;

/**
 * A promise-based client for Node's in-process inspector, for use in a worker thread talking
 * to the main thread (`connectToMainThread`).
 *
 * A pending `session.post()` does not keep a worker's event loop alive: a worker waiting only
 * for an inspector reply would exit mid-conversation. This client holds a ref'd timer while
 * any reply is outstanding (which also looks for a reply whose wake-up was lost).
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
    this.#keepAlive ??= setInterval(() => {}, REPLY_POLL_MS);
  }

  #release(): void {
    this.#pending -= 1;
    if (this.#pending === 0 && this.#keepAlive !== undefined) {
      clearInterval(this.#keepAlive);
      this.#keepAlive = undefined;
    }
  }
}
