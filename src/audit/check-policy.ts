import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { didYouMean } from '../internal/nearest-name.js';
import { optionsRecord, refuseUnknownKeys } from '../internal/options.js';
import { eventNames, isEventName } from './events.js';
import type { AuditPolicy, AuditRule } from './types.js';

const actions = new Set(['log', 'warn', 'deny']);
const policyKeys = ['rules', 'log', 'site', 'eval'];
const ruleKeys = ['event', 'match', 'action'];

/**
 * The rules, checked before anything is installed; throws a HooklineTypeError naming the bad part
 * (`ruleAt` says where rule `index` is written: a policy file numbers its own).
 */
export function checkPolicy(
  options: AuditPolicy,
  ruleAt: (index: number) => string = (index) => `audit.policy({ rules[${index}] })`,
): readonly AuditRule[] {
  // A misspelt key would be skipped: `sites: false` kept the sites, a rule's `matches` made the
  // rule match every event. Asked first, so that a misspelt `rules` is named as such.
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) {
    optionsRecord(options, 'audit.policy(options)', policyKeys, '{ rules: [...], site: false }');
  }
  const rules = (options as { rules?: unknown } | undefined)?.rules;
  if (!Array.isArray(rules)) {
    throw refusal(
      'audit.policy(options)',
      '{ rules: [...] }',
      options,
      'Pass an object with an array of rules.',
    );
  }
  const log = (options as { log?: unknown }).log;
  if (log !== undefined && typeof log !== 'function') {
    throw refusal(
      'audit.policy({ log })',
      'a function (line) => void',
      log,
      'Pass a function, or leave log out to write to stderr.',
    );
  }
  // Every index, holes too (`[rule, , rule]`), which forEach would skip.
  for (let i = 0; i < rules.length; i++) {
    const rule: unknown = rules[i];
    const where = ruleAt(i);
    if (!(i in rules)) {
      throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
        where,
        expected: 'a rule { event, match?, action }',
        received: 'a hole in the array (two commas in a row)',
        fix: 'Remove the extra comma, or put the rule that was meant there.',
      });
    }
    if (typeof rule !== 'object' || rule === null) {
      throw refusal(
        where,
        'a rule { event, match?, action }',
        rule,
        "Write rules as { event: 'fs.open', action: 'log' }.",
      );
    }
    refuseUnknownKeys(rule, ruleKeys, where);
    const { event, match, action } = rule as Record<string, unknown>;
    if (event !== '*' && !isEventName(event)) {
      throw refusal(
        `${where}.event`,
        `an event name (${eventNames.join(', ')}) or "*"`,
        event,
        didYouMean(String(event), eventNames, 'Name one of the events, or "*" for all.'),
      );
    }
    if (typeof action !== 'string' || !actions.has(action)) {
      throw refusal(
        `${where}.action`,
        '"log", "warn" or "deny"',
        action,
        'Pick one of the three actions.',
      );
    }
    if (
      match !== undefined &&
      typeof match !== 'string' &&
      typeof match !== 'function' &&
      !(match instanceof RegExp)
    ) {
      throw refusal(
        `${where}.match`,
        'a string, a RegExp or a function (args) => boolean',
        match,
        'Match the main argument with a string or RegExp, or the args with a function.',
      );
    }
  }
  return [...rules] as AuditRule[];
}

function refusal(
  where: string,
  expected: string,
  received: unknown,
  fix: string,
): HooklineTypeError {
  return new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where,
    expected,
    received: describeValue(received),
    fix,
  });
}
