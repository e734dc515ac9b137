import { on } from './on.js';
import { policy } from './policy.js';

/**
 * Audit hooks, as Python's PEP 578 has them: operations reported before they happen, and a
 * policy that logs, warns on or denies them. Not a sandbox: code in the process can undo it.
 *
 * @example
 * ```ts
 * import { audit } from 'hookline/audit';
 * audit.on('*', (e) => console.error(e.event, e.site?.file));
 * ```
 */
export const audit: { readonly on: typeof on; readonly policy: typeof policy } = Object.freeze({
  on,
  policy,
});

export { AuditError } from '../internal/errors.js';
export type { Unhook } from '../internal/unhook.js';
export { riskyModules, systemWrites, weakCrypto } from './rule-sets.js';
export type {
  AuditAction,
  AuditEvent,
  AuditEventArgs,
  AuditEventName,
  AuditEventOf,
  AuditEventShape,
  AuditListenerOptions,
  AuditMatch,
  AuditPolicy,
  AuditRule,
  AuditSite,
} from './types.js';
