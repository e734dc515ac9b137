import { nearestNames } from '../internal/nearest-name.js';
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

/**
 * The way out for a name that is no event: the events nearest to it (`fs.opn`: `fs.open`), else
 * `otherwise`.
 */
export function eventNameFix(value: unknown, otherwise: string): string {
  const meant = typeof value === 'string' ? nearestNames(value, eventNames) : [];
  return meant.length > 0
    ? `Did you mean ${meant.map((name) => JSON.stringify(name)).join(' or ')}?`
    : otherwise;
}
