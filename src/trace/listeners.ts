import { warnOnce } from '../internal/warning.js';

/**
 * Calls a listener of the program's own where hookline runs it on the program's behalf: one that
 * throws is reported as a `HooklineWarning` (once for each distinct message, since it may throw
 * on every call of a busy function) and what was going on goes on.
 */
export function callListener<A extends unknown[]>(
  reported: Set<string>,
  what: string,
  listener: ((...args: A) => void) | undefined,
  ...args: A
): void {
  if (listener === undefined) return;
  try {
    listener(...args);
  } catch (error) {
    listenerThrew(reported, what, error);
  }
}

/** Reports that the listener `what` names threw (once for each text and error). */
export function listenerThrew(reported: Set<string>, what: string, error: unknown): void {
  warnOnce(reported, `${what} threw; the program goes on as if it had not been called`, error);
}
