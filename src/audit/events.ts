import type { AuditEventName } from './types.js';

/** Every event the audit reports, in the order the docs list them. */
export const eventNames: readonly AuditEventName[] = [
  'fs.open',
  'fs.write',
  'fs.unlink',
  'fs.rm',
  'fs.rename',
  'child_process.spawn',
  'net.connect',
  'dns.lookup',
  'http.request',
  'crypto.hash',
  'module.import',
  'code.eval',
  'worker.start',
];

const known = new Set<string>(eventNames);

export function isEventName(value: unknown): value is AuditEventName {
  return typeof value === 'string' && known.has(value);
}
