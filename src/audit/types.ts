import type { ImportKind } from '../modules/index.js';

/** Where the program made the call: its own frame, below Node's and hookline's. */
export interface AuditSite {
  /** The file path (the `.ts` source when a source map says so), or URL when not a file. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /**
   * The calling function's name, `<anonymous>`, or `<module>` at a module's top level (an ES
   * module's, or a CommonJS module's, which runs inside Node's wrapper function).
   */
  readonly function: string;
}

/** What each event tells about its operation, by event name. */
export interface AuditEventArgs {
  'fs.open': { readonly path: string; readonly flags: string | number; readonly api: string };
  'fs.write': {
    readonly path: string | undefined;
    readonly fd: number | undefined;
    readonly api: string;
  };
  'fs.unlink': { readonly path: string; readonly api: string };
  'fs.rm': { readonly path: string; readonly recursive: boolean; readonly api: string };
  'fs.rename': { readonly path: string; readonly newPath: string; readonly api: string };
  'child_process.spawn': {
    readonly command: string;
    readonly args: readonly string[];
    readonly api: string;
  };
  'net.connect': {
    readonly host: string | undefined;
    readonly port: number | undefined;
    /** The socket file or named pipe, for an IPC connection. */
    readonly path: string | undefined;
    readonly api: string;
  };
  'dns.lookup': { readonly hostname: string; readonly api: string };
  'http.request': { readonly url: string; readonly method: string; readonly api: string };
  'crypto.hash': { readonly algorithm: string; readonly api: string };
  'module.import': {
    readonly specifier: string;
    readonly resolved: string;
    readonly importer: string | undefined;
    readonly kind: ImportKind;
  };
  'code.eval': {
    /**
     * `vm`'s functions, `Function` and its async and generator kin, `eval`, or a CommonJS module
     * compiled from a string the program passed to `Module.prototype._compile` (what
     * require-from-string does; Node's own loading of a module's file is a `module.import`).
     */
    readonly kind: 'vm' | 'function' | 'eval' | 'module';
    /** The code to compile (a function's body, for `new Function`). */
    readonly code: string;
    readonly filename: string | undefined;
    readonly api: string;
  };
  'worker.start': { readonly filename: string; readonly eval: boolean; readonly api: string };
}

/** The name of an operation the audit reports. */
export type AuditEventName = keyof AuditEventArgs;

/** One operation, reported before it happens (for a union of names, a union of events). */
export type AuditEventOf<E extends AuditEventName> = E extends AuditEventName
  ? AuditEventShape<E>
  : never;

/** What every event is made of. */
export interface AuditEventShape<E extends AuditEventName> {
  readonly event: E;
  readonly args: AuditEventArgs[E];
  /** The program's frame that called; `undefined` when none is on the stack (a static import). */
  readonly site: AuditSite | undefined;
  /** When, in milliseconds since the epoch (sub-millisecond precision). */
  readonly time: number;
}

/** Any audit event: narrow it on `event`. */
export type AuditEvent = AuditEventOf<AuditEventName>;

/** What a rule does with an event it matches. */
export type AuditAction = 'log' | 'warn' | 'deny';

/**
 * What a rule applies to besides its event: a string or RegExp tested against the event's main
 * argument (path, command, host, url, hostname, algorithm, specifier, code), or a function of the
 * event's args that returns `true` or `false` at once. A function that throws or returns anything
 * else (an array, `null`, a promise) cannot say: a `deny` rule then denies, a `log` or `warn`
 * rule is skipped, with a warning.
 */
export type AuditMatch<E extends AuditEventName | '*'> =
  | string
  | RegExp
  | ((args: E extends AuditEventName ? AuditEventArgs[E] : AuditEvent['args']) => boolean);

/** One rule of a policy. */
export type AuditRule = {
  [E in AuditEventName | '*']: {
    readonly event: E;
    readonly match?: AuditMatch<E> | undefined;
    readonly action: AuditAction;
  };
}[AuditEventName | '*'];

/** What `audit.on` takes besides the event and the listener. */
export interface AuditListenerOptions {
  /**
   * Whether the listener reads `event.site` (default `true`). Reading the stack for a site is
   * most of what an audited call costs (1–5 µs); with `false` (and no other listener or policy of
   * the event wanting sites), calls of fs's Sync and promise forms are reported without reading
   * it and their events' `site` is `undefined`. The other operations read the stack anyway, to
   * tell Node's own calls (a stream opening its file) from the program's, and keep their site.
   */
  readonly site?: boolean | undefined;
  /**
   * Whether `code.eval` sees `eval` for this listener (default `true`). `eval` is seen through an
   * inspector session with V8's Debugger on, which makes every compile cost more (a third more
   * for a program's modules, tens of microseconds an `eval`); with `false` (and no other sink of
   * code.eval wanting it), code.eval reports `vm` and `Function` only, at no cost to compiling.
   */
  readonly eval?: boolean | undefined;
}

/** What `audit.policy` takes. */
export interface AuditPolicy {
  readonly rules: readonly AuditRule[];
  /**
   * Where `log` rules write their JSON line; a line to stderr unless given. One that throws, or
   * returns a promise that rejects, is reported once as a HooklineWarning; the call goes on.
   */
  readonly log?: ((line: string) => void) | undefined;
  /**
   * Whether the policy's lines, warnings and errors name the call site (default `true`); `false`
   * spares calls of fs's Sync and promise forms the read of the stack, as
   * {@link AuditListenerOptions.site} does.
   */
  readonly site?: boolean | undefined;
  /**
   * Whether the policy's `code.eval` rules see `eval` (default `true`); `false` spares every
   * compile the cost of watching it, as {@link AuditListenerOptions.eval} does.
   */
  readonly eval?: boolean | undefined;
}
