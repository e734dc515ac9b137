import { shareGlobally } from './global-slot.js';

/**
 * Marks the loads hookline does for itself (a lazily required parser, `node:crypto`, a package
 * resolved to find its entry), so that the module hooks treat them as Node would: not audited,
 * not mocked, redirected or handed to `onImport` handlers.
 *
 * It lives here, below every part, because whoever loads lazily (`lazyRequire`) must mark its
 * loads without knowing the module hooks. The depth is shared through a global symbol:
 * `hookline/modules` ships bundled with its own copy of this file, the other entries use this
 * one, and two copies of hookline in one process should not report each other's loads either.
 */
const key = Symbol.for('hookline.internal.ownLoads.v1');
const globalRecord = globalThis as unknown as Record<symbol, { depth: number } | undefined>;

function createState(): { depth: number } {
  return shareGlobally(key, { depth: 0 });
}

const state = globalRecord[key] ?? createState();

/** Runs `fn`, whose module loads and resolutions are hookline's own, not the program's. */
export function internally<T>(fn: () => T): T {
  state.depth++;
  try {
    return fn();
  } finally {
    state.depth--;
  }
}

/** Whether one of hookline's own loads or resolutions is under way (see {@link internally}). */
export function loadingInternally(): boolean {
  return state.depth > 0;
}
