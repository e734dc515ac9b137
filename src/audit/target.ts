import type { AuditEventArgs, AuditEventName } from './types.js';

/**
 * How a denied call fails, as the function fails on its own: `sync` throws, `callback` hands the
 * error to its last argument (on the next tick), `promise` returns a rejected promise.
 */
export type CallStyle = 'sync' | 'callback' | 'promise';

/** One function the audit wraps to report an event. */
export interface Target<E extends AuditEventName = AuditEventName> {
  /** The object holding the function, read when the event is installed. */
  readonly owner: () => object | undefined;
  readonly key: string;
  readonly style: CallStyle;
  /** The event's args from the call's arguments; `undefined` when the call is no such event. */
  readonly read: (args: unknown[]) => AuditEventArgs[E] | undefined;
  /** Whether the function runs the program's code (vm's run functions): their calls are events. */
  readonly runsCode?: boolean;
}
