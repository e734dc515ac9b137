import type { Restorable } from './registry.js';

/**
 * Restores every handle, in the order given, even when one of them throws (its target, a
 * revoked Proxy, refuses): the others still come back. Then throws what failed: the error itself
 * when one did, an `AggregateError` of them when several did.
 */
export function restoreEach(handles: Iterable<Restorable>): void {
  const errors: unknown[] = [];
  for (const handle of handles) {
    try {
      handle.restore();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new AggregateError(errors, `hookline could not restore ${errors.length} patches`);
  }
}
