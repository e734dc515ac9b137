import { shareGlobally } from './global-slot.js';

/**
 * The views of ES module namespaces that `onImport` hands its handlers. A view's exports are
 * accessors that change the module's bindings: they are changed by assignment, never by
 * redefining them, so `hookline/patch` tells the two apart from plain objects to say so.
 *
 * Shared through a global symbol: `hookline/modules` ships bundled, with its own copy of this
 * file, and two copies of hookline in one process should agree too.
 */
const key = Symbol.for('hookline.modules.namespaceViews.v1');
const globalRecord = globalThis as unknown as Record<symbol, WeakSet<object> | undefined>;

function createSet(): WeakSet<object> {
  return shareGlobally(key, new WeakSet<object>());
}

export const namespaceViews: WeakSet<object> = globalRecord[key] ?? createSet();
