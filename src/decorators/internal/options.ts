import { describeValue, HooklineTypeError } from '../../internal/errors.js';
import { refuseUnknownOptions } from '../../internal/options.js';

/**
 * Refuses a decorator's options at the point they are given (`@logged({ log: 42 })`), which is
 * as the class is defined: a mistake shows at start-up, not at the first call.
 */
export function refuseOption(where: string, expected: string, value: unknown, fix: string): never {
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where,
    expected,
    received: describeValue(value),
    fix,
  });
}

/**
 * `options` as an object to read, or refused: `undefined` reads as no options. A key that is not
 * one of `known` is refused too (`@logged({ logger })`), which would otherwise leave the default
 * it meant to change in place without a word.
 */
export function optionsObject(
  where: string,
  options: unknown,
  usage: string,
  known: readonly string[],
): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) {
    refuseOption(where, 'an options object', options, `Pass the options as an object: ${usage}.`);
  }
  refuseUnknownOptions(options, known, where, `Remove it, or check its spelling: ${usage}.`);
  return options as Record<string, unknown>;
}

/** The function at `options[key]`, `fallback` where it is not given, or refused. */
export function functionOption<F extends Function>(
  where: string,
  options: Record<string, unknown>,
  key: string,
  fallback: F,
): F;
export function functionOption<F extends Function>(
  where: string,
  options: Record<string, unknown>,
  key: string,
): F | undefined;
export function functionOption(
  where: string,
  options: Record<string, unknown>,
  key: string,
  fallback?: Function,
): Function | undefined {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'function') {
    refuseOption(
      `${where}: ${key}`,
      'a function',
      value,
      `Give ${key} a function, or leave it out.`,
    );
  }
  return value;
}
