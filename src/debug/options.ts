import { debug } from '../internal/debuglog.js';
import { describeValue, HooklineTypeError } from '../internal/errors.js';

/** Where `hook()` reports entering and resuming. */
export type HookLogger = ((message: string) => void) | { debug(message: string): void };

/** Options of {@link hook}. */
export interface HookOptions {
  /** A line printed above `Hooked at FILE:LINE - Ctrl+D to resume`. */
  readonly banner?: string;
  /**
   * `true`: assignments at the prompt change the caller's variables, and the change is kept
   * after resuming. Default `false`: the prompt works on copies.
   */
  readonly overwriteLocals?: boolean;
  /**
   * How the copies are made when `overwriteLocals` is off: `'shallow'` (default) shares the
   * objects, `'deep'` clones each value with `structuredClone` (a value that cannot be cloned
   * is shared, and the prompt says which).
   */
  readonly snapshot?: 'shallow' | 'deep';
  /** Receives "hook entered/resumed at FILE:LINE in FUNCTION"; default `NODE_DEBUG=hookline`. */
  readonly logger?: HookLogger;
}

/** Options after validation, with defaults filled in. */
export interface ResolvedHookOptions {
  readonly banner: string | undefined;
  readonly overwriteLocals: boolean;
  readonly snapshot: 'shallow' | 'deep';
  readonly log: (message: string) => void;
}

const known = new Set(['banner', 'overwriteLocals', 'snapshot', 'logger']);

/** Checks `hook()`'s options; throws a `HooklineTypeError` naming the first wrong one. */
export function resolveHookOptions(options: unknown): ResolvedHookOptions {
  if (options === undefined) {
    return { banner: undefined, overwriteLocals: false, snapshot: 'shallow', log: defaultLog };
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw invalid(
      'options',
      'an options object or nothing',
      options,
      'Call hook() or hook({ banner: "…" }).',
    );
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!known.has(key)) {
      throw invalid(
        key,
        `one of ${[...known].join(', ')}`,
        key,
        'Remove the option or check its spelling.',
        `unknown option ${JSON.stringify(key)}`,
      );
    }
  }
  const { banner, overwriteLocals, snapshot, logger } = record;
  if (banner !== undefined && typeof banner !== 'string') {
    throw invalid(
      'banner',
      'a string',
      banner,
      'Pass the line to show above the prompt as a string.',
    );
  }
  if (overwriteLocals !== undefined && typeof overwriteLocals !== 'boolean') {
    throw invalid('overwriteLocals', 'true or false', overwriteLocals, 'Pass a boolean.');
  }
  if (snapshot !== undefined && snapshot !== 'shallow' && snapshot !== 'deep') {
    throw invalid(
      'snapshot',
      "'shallow' or 'deep'",
      snapshot,
      "Use snapshot: 'deep' to clone values with structuredClone.",
    );
  }
  return {
    banner,
    overwriteLocals: overwriteLocals ?? false,
    snapshot: snapshot ?? 'shallow',
    log: logger === undefined ? defaultLog : resolveLogger(logger),
  };
}

function resolveLogger(logger: unknown): (message: string) => void {
  let write: (message: string) => void;
  if (typeof logger === 'function') write = (message) => (logger as (m: string) => void)(message);
  else if (
    logger !== null &&
    typeof logger === 'object' &&
    typeof (logger as { debug?: unknown }).debug === 'function'
  ) {
    write = (message) => (logger as { debug(m: string): void }).debug(message);
  } else {
    throw invalid(
      'logger',
      'a function or an object with a debug(message) method',
      logger,
      'Pass console.log, a logger such as pino, or leave it out for NODE_DEBUG=hookline.',
    );
  }
  return (message) => {
    try {
      write(message);
    } catch (error) {
      // A logger that throws must not take the program down; it is reported where
      // hookline's own debug output goes.
      debug('hook logger threw: %s', error instanceof Error ? error.message : String(error));
    }
  };
}

function defaultLog(message: string): void {
  debug('%s', message);
}

function invalid(
  option: string,
  expected: string,
  received: unknown,
  fix: string,
  receivedText?: string,
): HooklineTypeError {
  return new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where: option === 'options' ? 'hook(options)' : `hook({ ${option} })`,
    expected,
    received: receivedText ?? describeValue(received),
    fix,
  });
}
