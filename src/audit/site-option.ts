import { describeValue, HooklineTypeError } from '../internal/errors.js';

/**
 * The `site` option of `audit.on` and `audit.policy`: `true` unless `false`; anything else is
 * refused, naming `where`.
 */
export function siteOption(options: unknown, where: string): boolean {
  return flag(
    options,
    'site',
    where,
    'Write site: false where nothing reads event.site, or leave it out.',
  );
}

/**
 * The `eval` option of `audit.on` and `audit.policy`: whether `code.eval` watches `eval` (`true`
 * unless `false`); anything else is refused, naming `where`.
 */
export function evalOption(options: unknown, where: string): boolean {
  return flag(
    options,
    'eval',
    where,
    'Write eval: false where code.eval need not see eval (watching it slows every compile), or leave it out.',
  );
}

function flag(options: unknown, key: 'site' | 'eval', where: string, fix: string): boolean {
  if (typeof options !== 'object' || options === null) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: `an options object such as { ${key}: false }`,
      received: describeValue(options),
      fix: 'Pass an object, or leave the options out.',
    });
  }
  const value = (options as Record<string, unknown>)[key];
  if (value === undefined) return true;
  if (typeof value === 'boolean') return value;
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where: `${where}.${key}`,
    expected: 'true or false',
    received: describeValue(value),
    fix,
  });
}
