import { warnOnceFor } from '../../internal/warning.js';

/**
 * Calls a function the program gave a decorator to report with (`@logged`'s `log`, `@timed`'s
 * `onTime`). One that throws is reported as a `HooklineWarning` and the decorated call goes on:
 * a failing log line must not fail the call it logs.
 */
export function report(decorator: string, fn: Function, args: unknown[]): void {
  try {
    Reflect.apply(fn, undefined, args);
  } catch (error) {
    warnOnceFor(fn, `@${decorator}'s reporting function threw; the call it reports goes on`, error);
  }
}
