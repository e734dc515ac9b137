import { builtinModule } from '../../internal/captured.js';
import type { Target } from '../target.js';

// Taken as the event is installed: importing hookline/audit loads none of the modules it audits.
const crypto = () => builtinModule('node:crypto');

function hashing(key: string): Target {
  return {
    // crypto.hash is Node 20.12+'s.
    owner: () =>
      typeof (crypto() as { [k: string]: unknown })[key] === 'function' ? crypto() : undefined,
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
