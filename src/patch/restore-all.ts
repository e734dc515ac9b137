import { bookkeeping, registry } from './internal/registry.js';
import { restoreEach } from './internal/restore-each.js';

/**
 * Restores every active patch, replacement, spy and output capture, newest first: the
 * `afterEach` of a test suite. What hookline's other parts install for themselves (an audit's
 * watch, a logpoint's) is left to their own undo. One that cannot be restored (its target, a revoked Proxy, throws)
 * does not stop the others; what failed is thrown at the end.
 *
 * @example
 * ```ts
 * import { afterEach } from 'node:test';
 * import { restoreAll } from 'hookline/patch';
 *
 * afterEach(() => restoreAll());
 * ```
 */
export function restoreAll(): void {
  bookkeeping(() => restoreEach([...registry.active].reverse()));
}
