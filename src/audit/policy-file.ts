import { resolve } from 'node:path';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { appendFileSync, closeSync, openSync, readFileSync } from '../internal/fs.js';
import { refuseUnknownKeys } from '../internal/options.js';
import { checkPolicy } from './check-policy.js';
import { logNames } from './log-names.js';
import { riskyModules, systemWrites, weakCrypto } from './rule-sets.js';
import type { AuditPolicy, AuditRule } from './types.js';

const ruleSets: Record<string, readonly AuditRule[]> = { weakCrypto, systemWrites, riskyModules };

const example = '{ "use": ["weakCrypto"], "rules": [{ "event": "*", "action": "log" }] }';
const policyKeys = ['use', 'rules', 'output', 'site', 'eval'] as const;
const matchKeys = ['regexp', 'flags'] as const;

/**
 * The policy a JSON file describes, for `hookline run --audit policy.json`:
 * `{ "use": ["weakCrypto"], "rules": [{ "event": "fs.open", "match": "/etc/passwd" | { "regexp": "^/etc/", "flags": "i" }, "action": "log" }], "output": "audit.jsonl" }`.
 * `use` puts the named rule sets first; `output` is the file `log` rules append their JSON lines
 * to (stderr without it); `"site": false` leaves the call site out of them; `"eval": false` spares
 * compiling the watching of eval. Throws a HooklineTypeError naming the bad part, a key it does
 * not know included.
 */
export function readPolicyFile(file: string): AuditPolicy {
  const where = `hookline run --audit ${file}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HooklineTypeError(
      'ERR_HOOKLINE_INVALID_ARGUMENT',
      {
        where,
        expected: 'a readable JSON file',
        received: error instanceof Error ? error.message : describeValue(error),
        fix: `Name a JSON file such as ${example}.`,
      },
      { cause: error },
    );
  }
  if (!isObject(parsed)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: `an object such as ${example}`,
      received: describeValue(parsed),
      fix: 'Put the rules in the "rules" key of an object.',
    });
  }
  refuseUnknownKeys(parsed, policyKeys, where);
  const { use = [], rules = [], output, site, eval: evals } = parsed;
  const fail = (part: string, expected: string, received: unknown, fix: string) =>
    new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: `${where}: ${part}`,
      expected,
      received: describeValue(received),
      fix,
    });
  if (!Array.isArray(use) || use.some((name) => !Object.hasOwn(ruleSets, String(name)))) {
    throw fail(
      '"use"',
      `an array of rule set names (${Object.keys(ruleSets).join(', ')})`,
      use,
      'Name built-in rule sets only.',
    );
  }
  if (!Array.isArray(rules))
    throw fail('"rules"', 'an array of rules', rules, 'Write "rules": [ … ].');
  if (output !== undefined && typeof output !== 'string') {
    throw fail(
      '"output"',
      'a file name',
      output,
      'Name the file for the JSON lines, or leave "output" out for stderr.',
    );
  }
  const outputFile = output === undefined ? undefined : resolve(output);
  if (outputFile !== undefined) {
    const refused = unwritable(outputFile);
    if (refused !== undefined) {
      throw fail(
        '"output"',
        'a file the JSON lines can be appended to',
        output,
        `${refused}. Name a file in a folder that exists (it is made if missing), or leave "output" out for stderr.`,
      );
    }
  }
  const flags: [string, unknown, string][] = [
    ['site', site, 'for lines without the call site (fs calls then cost less)'],
    ['eval', evals, 'where code.eval need not see eval (watching it slows every compile)'],
  ];
  for (const [key, value, when] of flags) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw fail(
        `"${key}"`,
        'true or false',
        value,
        `Write "${key}": false ${when}, or leave it out.`,
      );
    }
  }
  const own = rules.map((rule: unknown, index) => {
    // Its keys are checked with the rest of the rule, by checkPolicy below.
    if (!isObject(rule)) return rule;
    const match = rule['match'];
    if (!isObject(match)) return rule;
    refuseUnknownKeys(
      match,
      matchKeys,
      `${where}: "rules"[${index}].match`,
      'Write a regular expression as { "regexp": "^/etc/", "flags": "i" }, or a string to match the main argument exactly.',
    );
    const { regexp, flags = '' } = match;
    if (typeof regexp !== 'string' || typeof flags !== 'string') {
      throw fail(
        `"rules"[${index}].match`,
        '{ "regexp": "…", "flags": "…" }, the expression and its flags strings',
        match,
        'Write the regular expression as the string "regexp", its flags (if any) as the string "flags".',
      );
    }
    try {
      return { ...rule, match: new RegExp(regexp, flags) };
    } catch (error) {
      const why = error instanceof Error ? `${error.message}. ` : '';
      throw fail(
        `"rules"[${index}].match`,
        '{ "regexp": "…", "flags": "…" } with a valid regular expression',
        match,
        `${why}Correct the expression or its flags (a backslash is written "\\\\" in JSON).`,
      );
    }
  }) as AuditRule[];
  const policy: AuditPolicy = {
    rules: [...use.flatMap((name) => ruleSets[String(name)] ?? []), ...own],
    ...(outputFile === undefined ? {} : { log: appendingTo(outputFile) }),
    // Each a boolean, checked above.
    ...(site === undefined ? {} : { site: site as boolean }),
    ...(evals === undefined ? {} : { eval: evals as boolean }),
  };
  // The file's own rules are checked as the file numbers them, before the sets "use" puts first.
  checkPolicy({ rules: own }, (index) => `${where}: "rules"[${index}]`);
  checkPolicy(policy);
  return policy;
}

/**
 * Why `file` cannot take the JSON lines (a folder that does not exist, a folder in its place, no
 * permission to write), `undefined` where it can: asked by opening it to append, as each line is
 * written, before the program starts rather than at its first line, which would be lost with
 * every other.
 */
function unwritable(file: string): string | undefined {
  try {
    closeSync(openSync(file, 'a'));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Appends each line to `file`: the audit does not report its own writes. */
function appendingTo(file: string): (line: string) => void {
  const log = (line: string): void => appendFileSync(file, `${line}\n`);
  logNames.set(log, `the policy file's "output" (${file})`);
  return log;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
