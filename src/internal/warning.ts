import { debug } from './debuglog.js';
import { onOwnExit } from './own-exit.js';

/**
 * Reports a problem hookline met inside the host program without throwing into it: a process
 * warning of type `HooklineWarning`, whose `cause` is the original error. The cause's message is
 * part of the text so the default warning printer shows it.
 */
export function warn(message: string, cause?: unknown): void {
  emit(warningText(message, cause), cause);
}

/**
 * Like {@link warn}, unless the same text was reported into `reported` before: for what may fail
 * the same way over and over in a long-running program, where one report says it all.
 */
export function warnOnce(reported: Set<string>, message: string, cause?: unknown): void {
  const text = warningText(message, cause);
  if (reported.has(text)) return;
  reported.add(text);
  emit(text, cause);
}

/** The warnings given for each function of the program's that failed (see {@link warnOnceFor}). */
const givenFor = new WeakMap<object, Set<string>>();

/**
 * Like {@link warnOnce}, with one record of what was reported for each `owner` (a listener, a
 * logging function the program gave): one that fails on every call of a busy program is reported
 * once for each distinct text, and forgotten with the function.
 */
export function warnOnceFor(owner: object, message: string, cause?: unknown): void {
  let given = givenFor.get(owner);
  if (given === undefined) {
    given = new Set();
    givenFor.set(owner, given);
  }
  warnOnce(given, message, cause);
}

/**
 * Like {@link warn}, reported at once: for what fails while the process ends (an `exit` listener),
 * where a warning `process.emitWarning` queues for the next tick would never be shown. Listeners
 * of `warning` get it as they would any other, and `--no-warnings` silences it too.
 */
export function warnNow(message: string, cause?: unknown): void {
  const warning = warningOf(warningText(message, cause), cause);
  try {
    process.emit('warning', warning);
  } catch {
    // A warning listener that throws must not end the program's ending early.
  }
}

/** The flag that grants each of the permission model's scopes, by the name its errors give it. */
const permissionFlags: Record<string, string> = {
  FileSystemRead: '--allow-fs-read',
  FileSystemWrite: '--allow-fs-write',
  WorkerThreads: '--allow-worker',
  ChildProcess: '--allow-child-process',
  Inspector: '--allow-inspector',
  Addon: '--allow-addons',
  WASI: '--allow-wasi',
};

/**
 * What the permission model denied and the flag that grants it, for an ERR_ACCESS_DENIED error
 * (Node 20 names neither; Node 24 names the flag alone, not the file): `''` for any other error.
 */
function permissionDenied(error: Error): string {
  const { code, permission, resource } = error as {
    code?: unknown;
    permission?: unknown;
    resource?: unknown;
  };
  if (code !== 'ERR_ACCESS_DENIED' || typeof permission !== 'string') return '';
  const flag = permissionFlags[permission];
  if (flag === undefined) return '';
  const file = typeof resource === 'string' && resource !== '' ? resource : undefined;
  if (file === undefined || !flag.startsWith('--allow-fs-')) {
    return `the permission model denies it (${permission}): add ${flag}`;
  }
  const what = flag === '--allow-fs-read' ? 'reading' : 'writing';
  return `the permission model denies ${what} ${file}: add ${flag}=${file}`;
}

function warningText(message: string, cause: unknown): string {
  const reason = causeText(cause);
  return reason ? `${message} (${reason})` : message;
}

/**
 * Warnings given but not yet delivered: `process.emitWarning` delivers on the next tick, which
 * never comes when the program's top level throws while it loads (the transform skipped on the
 * entry module whose failing assert then ends the program) — they are delivered as it exits.
 */
const undelivered = new Set<Error>();
let deliveringAtExit = false;

function emit(text: string, cause: unknown): void {
  const warning = warningOf(text, cause);
  process.emitWarning(warning);
  undelivered.add(warning);
  // Queued after Node's delivery, so it runs once the warning is out.
  process.nextTick(() => undelivered.delete(warning));
  if (deliveringAtExit) return;
  deliveringAtExit = true;
  onOwnExit(deliverUndelivered);
}

function deliverUndelivered(): void {
  for (const warning of undelivered) {
    try {
      process.emit('warning', warning);
    } catch {
      // A warning listener that throws must not end the program's ending early.
    }
  }
  undelivered.clear();
}

function warningOf(text: string, cause: unknown): Error {
  const warning = new Error(text, { cause });
  warning.name = 'HooklineWarning';
  debug('warning: %s', warning.message);
  return warning;
}

/**
 * The cause as text, whatever was thrown, with what the permission model denied if that was it.
 * A value that cannot become a string (an object with no prototype, a `toString` that throws, a
 * revoked proxy) must not make the report throw in turn, which would take down the host program
 * hookline was keeping up.
 */
export function causeText(cause: unknown): string {
  if (cause === undefined) return '';
  try {
    if (!(cause instanceof Error)) return String(cause);
    const denied = permissionDenied(cause);
    return denied ? `${cause.message}; ${denied}` : String(cause.message);
  } catch {
    try {
      return Object.prototype.toString.call(cause);
    } catch {
      return 'a value that cannot be shown as text';
    }
  }
}
