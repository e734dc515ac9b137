import crypto from 'node:crypto';
import type { Target } from '../target.js';

function hashing(key: string): Target {
  return {
    // crypto.hash is Node 20.12+'s.
    owner: () =>
      typeof (crypto as { [k: string]: unknown })[key] === 'function' ? crypto : undefined,
    key,
    style: 'sync',
    read: (args) => ({ algorithm: String(args[0]).toLowerCase(), api: `crypto.${key}` }) as never,
  };
}

export const cryptoHash: readonly Target[] = [
  hashing('createHash'),
  hashing('createHmac'),
  hashing('hash'),
];
