import { isBuiltin } from 'node:module';
import { internally, loadingInternally } from '../internal/own-loads.js';
import { applyToBuiltin } from './apply.js';
import { builtinExports } from './builtin-exports.js';
import { importInfo } from './info.js';
import { moduleKey } from './matcher.js';
import { registry } from './registry.js';

/**
 * Whether Node has loaded a builtin (`node:fs`) already, found without loading it: Node lists
 * each builtin it compiled, for the program or for itself, in `process.moduleLoadList`. Loading
 * one that is not there could print warnings (deprecations, experimental features) or fail.
 */
export function isBuiltinLoaded(id: string): boolean {
  const name = id.startsWith('node:') ? id.slice(5) : id;
  const list = (process as { moduleLoadList?: readonly string[] }).moduleLoadList;
  // Without the list (not seen on Node 20 or 24) nothing counts as loaded: hooks wait for loads.
  return list?.includes(`NativeModule ${name}`) === true;
}

/** Builtins being handed to hooks right now: a handler that loads the same one gets it as is. */
const inProgress = new Set<string>();
/** Specifiers whose hooks have all run since the hooks last changed: most loads stop here. */
const settled = new Set<string>();
registry.onChange(() => settled.clear());

/**
 * The program is loading a builtin (by `require`, `import` or `process.getBuiltinModule`): the
 * RegExp and predicate hooks that select it by this specifier and have not seen it yet get it
 * now, before the program does. Hooks that name a builtin got it when they were added.
 */
export function builtinRequested(specifier: string): void {
  if (registry.patternHooks.size === 0 || settled.has(specifier) || !isBuiltin(specifier)) return;
  // hookline's own load of one (the inspector, for a hook added late): the program has not asked
  // for it, and gets it handed over when it does.
  if (loadingInternally()) return;
  const id = moduleKey(specifier);
  if (inProgress.has(id)) return;
  const hooks = registry.hooksFor(specifier).filter((hook) => registry.patternHooks.has(hook));
  if (hooks.length === 0) {
    settled.add(specifier);
    return;
  }
  inProgress.add(id);
  try {
    let exports: Record<PropertyKey, unknown>;
    try {
      exports = internally(() => builtinExports(id));
    } catch {
      // The program's own load of it fails next, with Node's error.
      return;
    }
    for (const hook of hooks) applyToBuiltin(exports, hook, importInfo(id, 'builtin', id));
    settled.add(specifier);
  } finally {
    inProgress.delete(id);
  }
}
