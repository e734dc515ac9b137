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
  /**
   * Whether a call reads the stack only for its site. Node's own code calls fs's Sync forms only
   * inside another audited call, which `running` tells, and its promise forms where the call is
   * the program's anyway (the REPL's history) or after an fs.cp, whose calls {@link mayBeNodes}
   * has read from the stack: a call with no audited call underway is the program's. The others — the callback forms, which a stream uses to open
   * its file later and rm's rimraf to delete, the network's, which fetch and an http.Agent call —
   * are told from the program's calls by the stack.
   */
  readonly stackForSiteOnly?: boolean;
  /**
   * For a function whose stack is read for its site only: whether a call may still be Node's own
   * (a module loader reading a module's file with `readFileSync`), which the stack then tells.
   */
  readonly mayBeNodes?: (args: unknown[]) => boolean;
  /**
   * Whether only the program's own calls are events: Node's loader calls the function for every
   * module it loads (`Module.prototype._compile`), so a call whose caller is Node's code is none.
   */
  readonly programCallersOnly?: boolean;
}
