import { builtinModule } from '../../internal/captured.js';
import type { CallStyle, Target } from '../target.js';
import type { AuditEventArgs } from '../types.js';

// Taken as the event is installed: importing hookline/audit loads none of the modules it audits.
const crypto = () => builtinModule('node:crypto');

/** A function of node:crypto's, where this Node has it (crypto.hash is Node 20.12+'s). */
const cryptoHaving = (key: string) => () =>
  typeof (crypto() as { [k: string]: unknown })[key] === 'function' ? crypto() : undefined;

/**
 * The digest a call names, in lower case: a string, or a WebCrypto algorithm `{ name }`.
 * `undefined` for a digest left to the key (`crypto.sign(null, data, ed25519Key)`).
 */
function digestOf(value: unknown, optional: boolean): string | undefined {
  if (optional && (value === null || value === undefined)) return undefined;
  const name =
    typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : value;
  return String(name).toLowerCase();
}

/**
 * A function of node:crypto's that hashes with the digest its argument `at` names: a hash or an
 * HMAC, a key derived (pbkdf2, hkdf), a signature made or checked.
 */
function naming(
  key: string,
  at: number,
  style: CallStyle,
  { optional = false, api = `crypto.${key}` } = {},
): Target {
  return {
    owner: cryptoHaving(key),
    key,
    style,
    read: (args): AuditEventArgs['crypto.hash'] | undefined => {
      const algorithm = digestOf(args[at], optional);
      return algorithm === undefined ? undefined : { algorithm, api };
    },
  } as Target;
}

/** WebCrypto's `SubtleCrypto`, whose methods are its prototype's (`crypto.subtle.digest`). */
const subtlePrototype = (): object | undefined => {
  const subtle = (crypto() as { webcrypto?: { subtle?: object } }).webcrypto?.subtle;
  return subtle === undefined ? undefined : (Object.getPrototypeOf(subtle) as object);
};

export const cryptoHash: readonly Target[] = [
  naming('createHash', 0, 'sync'),
  naming('createHmac', 0, 'sync'),
  naming('hash', 0, 'sync'),
  naming('pbkdf2', 4, 'callback'),
  naming('pbkdf2Sync', 4, 'sync'),
  naming('hkdf', 0, 'callback'),
  naming('hkdfSync', 0, 'sync'),
  naming('createSign', 0, 'sync'),
  naming('createVerify', 0, 'sync'),
  // Their callback is optional: without one, a denial throws, as the call would.
  naming('sign', 0, 'callback', { optional: true }),
  naming('verify', 0, 'callback', { optional: true }),
  // The classes createHash and createHmac make, deprecated as constructors of the program's own.
  naming('Hash', 0, 'sync', { api: 'new crypto.Hash' }),
  naming('Hmac', 0, 'sync', { api: 'new crypto.Hmac' }),
  {
    owner: subtlePrototype,
    key: 'digest',
    style: 'promise',
    read: (args): AuditEventArgs['crypto.hash'] => ({
      algorithm: digestOf(args[0], false) as string,
      api: 'crypto.subtle.digest',
    }),
  } as Target,
];
