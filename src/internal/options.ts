import { describeValue, HooklineTypeError } from './errors.js';
import { didYouMean } from './nearest-name.js';

/**
 * Checks an options argument before anything is done with it: nothing (`undefined`, taken as
 * `{}`) or a plain object whose keys are all `known`. A misspelt key is refused rather than
 * ignored, since ignoring it would silently run with the default it meant to change.
 *
 * @example
 * ```ts
 * const record = optionsRecord(options, 'lazyImport(specifier, options)', ['from'], 'lazyImport("yaml", { from: import.meta.url })');
 * ```
 */
export function optionsRecord(
  options: unknown,
  where: string,
  known: readonly string[],
  example: string,
): Readonly<Record<string, unknown>> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: `an options object (${known.join(', ')}) or nothing`,
      received: describeValue(options),
      fix: `Pass the options as an object, such as ${example}.`,
    });
  }
  refuseUnknownOptions(options, known, where);
  return options as Readonly<Record<string, unknown>>;
}

/**
 * Refuses options with a key that is not one of `known`, naming the nearest known one, or else
 * saying `otherwise`: what {@link optionsRecord} checks, for callers whose options are checked
 * their own way otherwise (the decorators').
 *
 * @example
 * ```ts
 * refuseUnknownOptions({ ontime: f }, ['log', 'onTime'], 'timed(options)'); // Did you mean "onTime"?
 * ```
 */
export function refuseUnknownOptions(
  options: object,
  known: readonly string[],
  where: string,
  otherwise = 'Remove it, or check its spelling.',
): void {
  const expected =
    known.length === 1 ? `only the option ${known[0]}` : `only the options ${known.join(', ')}`;
  refuseUnknown(options, known, where, otherwise, expected, 'option');
}

/**
 * The first key of `record` that is not one of `known`, with the way out: the known names nearest
 * to it, or `otherwise` where none is near. A misspelt key of options or configuration would
 * otherwise be skipped, and what it was meant to change run with its default.
 *
 * @example
 * ```ts
 * unknownKey({ prelaod: './hooks.js' }, ['preload', 'redirect'], 'Remove it.');
 * // { key: 'prelaod', fix: 'Did you mean "preload"?' }
 * ```
 */
export function unknownKey(
  record: object,
  known: readonly string[],
  otherwise: string,
): { readonly key: string; readonly fix: string } | undefined {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) return { key, fix: didYouMean(key, known, otherwise) };
  }
  return undefined;
}

/**
 * Refuses a record of configuration (a rule, a policy file's part) with a key that is not one of
 * `known`, naming `where`, the key and the one it probably meant: skipped, a misspelt key would
 * leave what it meant to change as it was.
 *
 * @example
 * ```ts
 * refuseUnknownKeys(rule, ['event', 'match', 'action'], 'audit.policy({ rules[0] })');
 * ```
 */
export function refuseUnknownKeys(
  record: object,
  known: readonly string[],
  where: string,
  otherwise = 'Remove it, or correct its name.',
): void {
  refuseUnknown(record, known, where, otherwise, `only the keys ${quotedList(known)}`, 'key');
}

/** The refusal of {@link refuseUnknownOptions} and {@link refuseUnknownKeys}, in their words. */
function refuseUnknown(
  record: object,
  known: readonly string[],
  where: string,
  otherwise: string,
  expected: string,
  noun: 'option' | 'key',
): void {
  const unknown = unknownKey(record, known, otherwise);
  if (unknown === undefined) return;
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where,
    expected,
    received: `the unknown ${noun} ${JSON.stringify(unknown.key)}`,
    fix: unknown.fix,
  });
}

/**
 * Names as a sentence lists them, quoted.
 *
 * @example
 * ```ts
 * quotedList(['use', 'rules', 'output']); // '"use", "rules" and "output"'
 * ```
 */
export function quotedList(names: readonly string[]): string {
  const quoted = names.map((name) => JSON.stringify(name));
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`
    : (quoted[0] ?? '');
}

/**
 * The boolean option `name` of `record` (an {@link optionsRecord}), `fallback` when left out;
 * anything but `true`, `false` or nothing is refused, as `"no"` would read as true.
 *
 * @example
 * ```ts
 * const echo = booleanOption(record, 'echo', 'captureOutput(options)', false);
 * ```
 */
export function booleanOption(
  record: Readonly<Record<string, unknown>>,
  name: string,
  where: string,
  fallback: boolean,
): boolean {
  const value = record[name];
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  throw invalidOption(
    `${where.replace(/options\)$/, `{ ${name} })`)}`,
    'true, false or nothing',
    value,
    `Give ${name} as true or false, or leave it out for ${fallback}.`,
  );
}

/** The refusal of one option's value: `where` names the call and the option. */
export function invalidOption(
  where: string,
  expected: string,
  value: unknown,
  fix: string,
): HooklineTypeError {
  return new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where,
    expected,
    received: describeValue(value),
    fix,
  });
}
