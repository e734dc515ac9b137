import { denialParts } from '../internal/audit-denial.js';
import { AuditError, describeValue } from '../internal/errors.js';
import { booleanOption } from '../internal/options.js';
import { isThenable } from '../internal/promise-like.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { warn, warnOnceFor } from '../internal/warning.js';
import { checkPolicy } from './check-policy.js';
import { eventNames } from './events.js';
import { mainArgument } from './main-argument.js';
import { addSink } from './sinks.js';
import type { AuditEvent, AuditEventName, AuditPolicy, AuditRule } from './types.js';

/**
 * Applies `rules` to every operation they name: each rule whose event and `match` fit acts, in
 * order — `log` writes the event as a JSON line (to stderr, or to the `log` option), `warn` emits a
 * HooklineWarning, `deny` throws an {@link AuditError} in place of the operation, which does not
 * happen (a callback API gets the error, a promise API rejects with it). Nothing is installed when
 * the policy is refused.
 *
 * @example
 * ```ts
 * import { audit, systemWrites, weakCrypto } from 'hookline/audit';
 * const unhook = audit.policy({
 *   rules: [...weakCrypto, ...systemWrites, { event: 'child_process.spawn', action: 'log' }],
 * });
 * ```
 */
export function policy(options: AuditPolicy): Unhook {
  const rules = checkPolicy(options);
  // An object of known keys: checkPolicy refused anything else.
  const record = options as unknown as Readonly<Record<string, unknown>>;
  const site = booleanOption(record, 'site', 'audit.policy(options)', true);
  const evals = booleanOption(record, 'eval', 'audit.policy(options)', true);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const named = new Set<AuditEventName>();
  for (const rule of rules) {
    for (const name of rule.event === '*' ? eventNames : [rule.event]) named.add(name);
  }
  const handle = (event: AuditEvent): void => {
    for (const rule of rules) {
      if (rule.event !== '*' && rule.event !== event.event) continue;
      if (!ruleMatches(rule, event)) continue;
      if (rule.action === 'log') writeLog(log, event, options);
      else if (rule.action === 'warn')
        warn(`audit: ${describeEvent(event)} (${describeRule(rule)})`);
      else throw denial(event, rule);
    }
  };
  const denials = rules.filter((rule) => rule.action === 'deny');
  return createUnhook(addSink({ handle, stops: true, site, evals, denials }, [...named]));
}

/**
 * Whether `rule` applies to `event`. A `match` function that throws (a path read of an event that
 * has a descriptor instead) must not fail the program's call for a rule that only logs or warns:
 * that rule is skipped, with a warning, once; a `deny` rule that cannot say denies.
 */
function ruleMatches(rule: AuditRule, event: AuditEvent): boolean {
  try {
    return matches(rule, event);
  } catch (error) {
    if (rule.action === 'deny') throw denial(event, rule, error);
    warnOnceFor(
      rule,
      `audit: the match of ${describeRule(rule)} threw for ${event.event}; the rule is skipped where it throws`,
      error,
    );
    return false;
  }
}

/**
 * A `log` option that throws, or whose promise rejects (an async log), is reported, once, and the
 * program's call goes on.
 */
function writeLog(log: (line: string) => unknown, event: AuditEvent, owner: object): void {
  try {
    const written = log(JSON.stringify(event));
    if (isThenable(written)) {
      written.then(undefined, (error) =>
        warnOnceFor(
          owner,
          "audit: the policy's log rejected; the events it was given may be lost",
          error,
        ),
      );
    }
  } catch (error) {
    warnOnceFor(owner, "audit: the policy's log threw; the events it was given are lost", error);
  }
}

function matches(rule: AuditRule, event: AuditEvent): boolean {
  const { match } = rule;
  if (match === undefined) return true;
  if (typeof match === 'function')
    return (match as (args: unknown) => boolean)(event.args) === true;
  const text = mainArgument(event);
  if (typeof match === 'string') return text === match;
  match.lastIndex = 0;
  return match.test(text);
}

function describeEvent(event: AuditEvent): string {
  const at = event.site === undefined ? '' : ` at ${event.site.file}:${event.site.line}`;
  return `${event.event} ${JSON.stringify(mainArgument(event))}${at}`;
}

export function describeRule(rule: AuditRule): string {
  const match =
    rule.match === undefined
      ? ''
      : `, match: ${typeof rule.match === 'function' ? describeValue(rule.match) : typeof rule.match === 'string' ? JSON.stringify(rule.match) : String(rule.match)}`;
  return `rule { event: "${rule.event}"${match}, action: "${rule.action}" }`;
}

function denial(event: AuditEvent, rule: AuditRule, matchError?: unknown): AuditError {
  const parts = denialParts(describeEvent(event), describeRule(rule));
  if (matchError === undefined) return new AuditError(parts, event, rule);
  const why = matchError instanceof Error ? matchError.message : String(matchError);
  const error = new AuditError(
    {
      ...parts,
      received: `${parts.received}, whose match threw (${why}): a deny rule that cannot say denies`,
      fix: 'Make the match handle every event it is given (an fs event may carry an fd and no path).',
    },
    event,
    rule,
  );
  Object.defineProperty(error, 'cause', { value: matchError, configurable: true, writable: true });
  return error;
}
