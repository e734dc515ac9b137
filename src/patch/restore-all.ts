import { registry } from './internal/registry.js';

/**
 * Restores every active patch, replacement, spy and output capture, newest first: the
 * `afterEach` of a test suite.
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
  for (const handle of [...registry.active].reverse()) handle.restore();
}
