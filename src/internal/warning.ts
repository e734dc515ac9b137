import { debug } from './debuglog.js';

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

function warningText(message: string, cause: unknown): string {
  const reason = causeText(cause);
  return reason ? `${message} (${reason})` : message;
}

function emit(text: string, cause: unknown): void {
  const warning = new Error(text, { cause });
  warning.name = 'HooklineWarning';
  debug('warning: %s', warning.message);
  process.emitWarning(warning);
}

/**
 * The cause as text, whatever was thrown: a value that cannot become a string (an object with
 * no prototype, a `toString` that throws, a revoked proxy) must not make the report throw in
 * turn, which would take down the host program hookline was keeping up.
 */
function causeText(cause: unknown): string {
  if (cause === undefined) return '';
  try {
    return cause instanceof Error ? String(cause.message) : String(cause);
  } catch {
    try {
      return Object.prototype.toString.call(cause);
    } catch {
      return 'a value that cannot be shown as text';
    }
  }
}
