import { describeValue, HooklineTypeError } from '../internal/errors.js';

/**
 * The `site` option of `audit.on` and `audit.policy`: `true` unless `false`; anything else is
 * refused, naming `where`.
 */
export function siteOption(options: unknown, where: string): boolean {
  if (typeof options !== 'object' || options === null) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'an options object such as { site: false }',
      received: describeValue(options),
      fix: 'Pass an object, or leave the options out.',
    });
  }
  const { site } = options as { site?: unknown };
  if (site === undefined) return true;
  if (typeof site === 'boolean') return site;
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where: `${where}.site`,
    expected: 'true or false',
    received: describeValue(site),
    fix: 'Write site: false where nothing reads event.site, or leave it out.',
  });
}
