import { debug } from './debuglog.js';

/**
 * Reports a problem hookline met inside the host program without throwing into it: a process
 * warning of type `HooklineWarning`, whose `cause` is the original error. The cause's message is
 * part of the text so the default warning printer shows it.
 */
export function warn(message: string, cause?: unknown): void {
  const reason = cause instanceof Error ? cause.message : cause === undefined ? '' : String(cause);
  const warning = new Error(reason ? `${message} (${reason})` : message, { cause });
  warning.name = 'HooklineWarning';
  debug('warning: %s', warning.message);
  process.emitWarning(warning);
}
