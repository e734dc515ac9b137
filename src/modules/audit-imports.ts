import { callerUrl } from '../internal/caller.js';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { loadingInternally } from '../internal/own-loads.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { emitImport, flushEarlierEvents } from './audit.js';
import { builtinRequested } from './builtin-hooks.js';
import { ensureEsmHooks } from './install.js';
import { moduleKey } from './matcher.js';
import { registry } from './registry.js';
import type { ImportEvent } from './types.js';

/**
 * Calls `listener` for every module request — static `import`, `import()`, `require`,
 * `createRequire`'s require, and `process.getBuiltinModule` — with what was asked for, what it
 * resolved to, who asked, how, and when. A listener that throws is reported and the import goes
 * on.
 *
 * @example
 * ```ts
 * import { auditImports } from 'hookline/modules';
 * using _ = auditImports((e) => console.log(`${e.kind} ${e.specifier} from ${e.importer}`));
 * ```
 */
export function auditImports(listener: (event: ImportEvent) => void): Unhook {
  if (typeof listener !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'auditImports(listener)',
      expected: 'a function (event) => void',
      received: describeValue(listener),
      fix: 'Pass a listener, such as auditImports((event) => console.log(event.specifier)).',
    });
  }
  ensureEsmHooks('auditImports', { resolve: true });
  registry.auditors.add(listener);
  watchGetBuiltinModule();
  registry.changed();
  return createUnhook(() => {
    flushEarlierEvents();
    registry.auditors.delete(listener);
    registry.changed();
  });
}

let watching = false;

/**
 * `process.getBuiltinModule` loads without the module loaders: it is wrapped, once, for the
 * audit and for pattern hooks on builtins.
 */
export function watchGetBuiltinModule(): void {
  const original = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (watching || typeof original !== 'function') return;
  watching = true;
  const wrapped = function getBuiltinModule(this: unknown, id: string) {
    if (registry.patternHooks.size > 0 && typeof id === 'string') builtinRequested(id);
    const exports = original.call(this, id);
    if (registry.auditors.size > 0 && exports !== undefined && !loadingInternally()) {
      emitImport(id, moduleKey(id), callerUrl(wrapped), 'get-builtin-module');
    }
    return exports;
  };
  Object.defineProperty(process, 'getBuiltinModule', {
    ...Object.getOwnPropertyDescriptor(process, 'getBuiltinModule'),
    value: wrapped,
  });
}
