import { constants } from 'node:os';
import { RELAUNCHED } from './web-socket.js';

/** The signals that ask a command to stop: Ctrl+C, `kill`, and the terminal closing. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** What a watched promise came to: its value, or the signal that came first. */
export type Watched<T> = { readonly value: T } | { readonly signal: NodeJS.Signals };

/**
 * While it lives, SIGINT, SIGTERM and SIGHUP do not end the process at once: they are reported
 * through {@link race}, so that a session can be left (and the inspector it opened closed) before
 * the process ends with {@link raise}. In the process started again for Node 20's WebSocket, the
 * parent's end counts as SIGHUP: a parent killed with SIGKILL forwards nothing.
 */
export class SignalWatch implements Disposable {
  readonly #signalled: Promise<NodeJS.Signals>;
  #stop: () => void = () => undefined;

  constructor() {
    this.#signalled = new Promise((resolve) => {
      const handlers = SIGNALS.map((signal) => {
        const handler = () => resolve(signal);
        process.on(signal, handler);
        return [signal, handler] as const;
      });
      const orphaned = () => resolve('SIGHUP');
      if (process.env[RELAUNCHED] !== undefined) process.once('disconnect', orphaned);
      this.#stop = () => {
        for (const [signal, handler] of handlers) process.off(signal, handler);
        process.off('disconnect', orphaned);
      };
    });
  }

  /** `promise`'s value, or the signal received before it settled (its rejection then ignored). */
  race<T>(promise: Promise<T>): Promise<Watched<T>> {
    promise.catch(() => undefined);
    return Promise.race([
      promise.then((value) => ({ value })),
      this.#signalled.then((signal) => ({ signal })),
    ]);
  }

  /**
   * Ends the process with `signal`, as a shell expects of a command it interrupted (a script's
   * loop stops at Ctrl+C); resolves to 128 + its number, the code a shell reports, should the
   * signal be ignored.
   */
  raise(signal: NodeJS.Signals): number {
    this.#stop();
    process.kill(process.pid, signal);
    return 128 + constants.signals[signal];
  }

  [Symbol.dispose](): void {
    this.#stop();
  }
}
