import { denialParts } from '../internal/audit-denial.js';
import { AuditError, describeValue } from '../internal/errors.js';
import { booleanOption } from '../internal/options.js';
import { isThenable } from '../internal/promise-like.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { warn, warnOnceFor } from '../internal/warning.js';
import { checkPolicy } from './check-policy.js';
import { eventNames } from './events.js';
import { logNames } from './log-names.js';
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
 * Whether `rule` applies to `event`. A `match` function that cannot say — it throws (a path read
 * of an event that has a descriptor instead), or returns no boolean (`String#match`'s array or
 * null, an async function's promise, nothing) — must not fail the program's call for a rule that
 * only logs or warns: that rule is skipped, with a warning, once; a `deny` rule that cannot say
 * denies, rather than let through what it was written to stop.
 */
function ruleMatches(rule: AuditRule, event: AuditEvent): boolean {
  const verdict = decide(rule, event);
  if (typeof verdict === 'boolean') return verdict;
  if (rule.action === 'deny') throw denial(event, rule, verdict);
  warnOnceFor(
    rule,
    `audit: the match of ${describeRule(rule)} ${verdict.warning} for ${event.event}; the rule is skipped where it ${verdict.skipped}`,
    verdict.cause,
  );
  return false;
}

/** Why a rule's `match` gave no answer, as a warning and a denial say it. */
interface Undecided {
  /** What the match did, the same each time it does it (one warning a rule): `threw`. */
  readonly warning: string;
  /** What it did, in full, for the denial's message: `returned null, not true or false`. */
  readonly denial: string;
  readonly skipped: string;
  readonly fix: string;
  readonly cause?: unknown;
}

/** The rule's answer for `event`, or why there is none. */
function decide(rule: AuditRule, event: AuditEvent): boolean | Undecided {
  let answer: unknown;
  try {
    answer = matches(rule, event);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      warning: 'threw',
      denial: `threw (${why})`,
      skipped: 'throws',
      fix: 'Make the match handle every event it is given (an fs event may carry an fd and no path).',
      cause: error,
    };
  }
  if (typeof answer === 'boolean') return answer;
  if (isThenable(answer)) {
    // Its rejection says no more, and must not end the program as an unhandled one; nor may a
    // thenable whose then throws fail the program's call.
    try {
      answer.then(undefined, () => {});
    } catch {
      // It said nothing either way: undecided all the same.
    }
    return {
      warning: 'returned a promise',
      denial: 'returned a promise, not true or false',
      skipped: 'does',
      fix: 'Make the match a synchronous function: the operation cannot wait for a promise, and an async function returns one whatever it decides.',
    };
  }
  return {
    warning: `returned ${kindOf(answer)}, not true or false`,
    denial: `returned ${describeValue(answer)}, not true or false`,
    skipped: 'does',
    fix: 'Make the match return true or false (RegExp#test rather than String#match, and a return in every branch).',
  };
}

/** What kind of value a match returned, in few enough words that a rule warns only once or twice. */
function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * A `log` option that throws, or whose promise rejects (an async log), is reported, once, and the
 * program's call goes on.
 */
function writeLog(log: (line: string) => unknown, event: AuditEvent, owner: object): void {
  const name = logNames.get(log) ?? "the policy's log";
  try {
    const written = log(JSON.stringify(event));
    if (isThenable(written)) {
      written.then(undefined, (error) =>
        warnOnceFor(owner, `audit: ${name} rejected; the events it was given may be lost`, error),
      );
    }
  } catch (error) {
    warnOnceFor(owner, `audit: ${name} threw; the events it was given are lost`, error);
  }
}

/** Whether `rule` applies to `event`, as its `match` says: a function's answer as it returned it. */
function matches(rule: AuditRule, event: AuditEvent): unknown {
  const { match } = rule;
  if (match === undefined) return true;
  if (typeof match === 'function') return (match as (args: unknown) => unknown)(event.args);
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

function denial(event: AuditEvent, rule: AuditRule, undecided?: Undecided): AuditError {
  const parts = denialParts(describeEvent(event), describeRule(rule));
  if (undecided === undefined) return new AuditError(parts, event, rule);
  const error = new AuditError(
    {
      ...parts,
      received: `${parts.received}, whose match ${undecided.denial}: a deny rule that cannot say denies`,
      fix: undecided.fix,
    },
    event,
    rule,
  );
  if ('cause' in undecided) {
    Object.defineProperty(error, 'cause', {
      value: undecided.cause,
      configurable: true,
      writable: true,
    });
  }
  return error;
}
