import type * as Crypto from 'node:crypto';
import { HooklineTypeError } from '../../internal/errors.js';
import { lazyRequire } from '../../internal/lazy-require.js';

const crypto = lazyRequire<typeof Crypto>('node:crypto');

const DIGEST_LENGTHS: Readonly<Record<string, number>> = { sha256: 44, sha384: 64, sha512: 88 };

/** Whether `pin` is one or more `<algorithm>-<base64 digest>` of the right length. */
export function isValidPin(pin: string): boolean {
  const hashes = pin.split(/\s+/).filter((one) => one !== '');
  return (
    hashes.length > 0 &&
    hashes.every((one) => {
      const dash = one.indexOf('-');
      const digest = one.slice(dash + 1);
      return (
        dash > 0 &&
        Object.hasOwn(DIGEST_LENGTHS, one.slice(0, dash)) &&
        DIGEST_LENGTHS[one.slice(0, dash)] === digest.length &&
        /^[A-Za-z\d+/]+={0,2}$/.test(digest)
      );
    })
  );
}

/** Throws `ERR_HOOKLINE_INTEGRITY` unless `body` matches `integrity`. */
export function checkIntegrity(
  body: Uint8Array,
  integrity: string,
  where: string,
  fix: string,
): void {
  if (matches(body, integrity)) return;
  throw new HooklineTypeError('ERR_HOOKLINE_INTEGRITY', {
    where,
    expected: `content with integrity ${integrity}`,
    received: `content hashing to ${sri(body, algorithmOf(integrity))}`,
    fix,
  });
}

function algorithmOf(integrity: string): string {
  const first = integrity.trim();
  return first.slice(0, first.indexOf('-')) || 'sha384';
}

export function sri(body: Uint8Array, algorithm: string): string {
  return `${algorithm}-${crypto().createHash(algorithm).update(body).digest('base64')}`;
}

export function matches(body: Uint8Array, integrity: string): boolean {
  // SRI allows several hashes separated by spaces; any one matching is enough.
  return integrity.split(/\s+/).some((one) => one !== '' && sri(body, algorithmOf(one)) === one);
}

export function sha256Hex(text: string): string {
  return crypto().createHash('sha256').update(text).digest('hex');
}
