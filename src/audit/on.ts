import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { didYouMean } from '../internal/nearest-name.js';
import { booleanOption, optionsRecord } from '../internal/options.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { eventNames, isEventName } from './events.js';
import { addSink } from './sinks.js';
import type { AuditEvent, AuditEventName, AuditEventOf, AuditListenerOptions } from './types.js';

/**
 * Calls `listener` before every operation of kind `event` (or of every kind, for `'*'`), with its
 * arguments, the program's call site and the time. The operations are watched only while someone
 * listens. A listener that throws, or an async one whose promise rejects (which is not waited
 * for), is reported as a HooklineWarning and the operation goes on; what a listener does itself
 * (write a log file) is no event. `{ site: false }` says the listener does not read `event.site`,
 * which spares calls of fs's Sync and promise forms a read of the stack; `{ eval: false }`, that
 * `code.eval` need not see `eval`, whose watching slows every compile while it lasts.
 *
 * @example
 * ```ts
 * import { audit } from 'hookline/audit';
 * const unhook = audit.on('fs.unlink', (e) => console.log('deleting', e.args.path, 'from', e.site?.file));
 * unhook();
 * ```
 */
export function on<E extends AuditEventName>(
  event: E,
  listener: (event: AuditEventOf<E>) => void,
  options?: AuditListenerOptions,
): Unhook;
export function on(
  event: '*',
  listener: (event: AuditEvent) => void,
  options?: AuditListenerOptions,
): Unhook;
export function on(
  event: AuditEventName | '*',
  listener: (event: never) => void,
  options: AuditListenerOptions = {},
): Unhook {
  if (event !== '*' && !isEventName(event)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'audit.on(event, listener)',
      expected: `an event name (${eventNames.join(', ')}) or "*"`,
      received: describeValue(event),
      fix: didYouMean(String(event), eventNames, 'Name one of the events, or "*" for all of them.'),
    });
  }
  if (typeof listener !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_NOT_A_FUNCTION', {
      where: `audit.on(${JSON.stringify(event)}, listener)`,
      expected: 'a function (event) => void',
      received: describeValue(listener),
      fix: "Pass a listener, such as audit.on('fs.open', (e) => console.log(e.args.path)).",
    });
  }
  const where = `audit.on(${JSON.stringify(event)}, listener, options)`;
  // A misspelt option would be skipped: `sites: false` kept the listener reading the stack.
  const record = optionsRecord(
    options,
    where,
    ['site', 'eval'],
    "audit.on('fs.open', listener, { site: false })",
  );
  const site = booleanOption(record, 'site', where, true);
  const evals = booleanOption(record, 'eval', where, true);
  const remove = addSink(
    { handle: listener as (event: AuditEvent) => void, stops: false, site, evals },
    event === '*' ? eventNames : [event],
  );
  return createUnhook(remove);
}
