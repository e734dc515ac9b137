import { warnOnce } from '../../internal/warning.js';

/** The warnings each reporting function's failures were given in: one per function and error. */
const reported = new WeakMap<Function, Set<string>>();

/**
 * Calls a function the program gave a decorator to report with (`@logged`'s `log`, `@timed`'s
 * `onTime`). One that throws is reported as a `HooklineWarning` and the decorated call goes on:
 * a failing log line must not fail the call it logs.
 */
export function report(decorator: string, fn: Function, args: unknown[]): void {
  try {
    Reflect.apply(fn, undefined, args);
  } catch (error) {
    let texts = reported.get(fn);
    if (texts === undefined) {
      texts = new Set();
      reported.set(fn, texts);
    }
    warnOnce(texts, `@${decorator}'s reporting function threw; the call it reports goes on`, error);
  }
}
