import { debug } from '../internal/debuglog.js';
import { warn } from '../internal/warning.js';
import { applyToEsm } from './apply.js';
import { esmEvaluated } from './dispatch.js';
import { evaluated, setEvaluatedListener } from './esm/runtime.js';
import { RUNTIME_KEY } from './esm/runtime-key.js';
import { importInfo } from './info.js';
import { mockExports, mockModuleRuns, mockRequired } from './mock-exports.js';
import { type ImportHook, registry } from './registry.js';
import { requireImportedCommonJs } from './scheme.js';

/** The object generated code reaches through `globalThis[Symbol.for(RUNTIME_KEY)]`. */
export function installRuntime(): void {
  const key = Symbol.for(RUNTIME_KEY);
  if ((globalThis as Record<symbol, unknown>)[key]) return;
  setEvaluatedListener((record, specifiers) => {
    esmEvaluated(record);
    const hooks = new Set<ImportHook>();
    for (const specifier of specifiers)
      for (const hook of registry.hooksFor(specifier)) hooks.add(hook);
    if (hooks.size > 0) {
      applyToEsm(
        record,
        registry.inAddedOrder(hooks),
        importInfo(record.url, 'module', specifiers[0] ?? record.url),
      );
    }
  });
  Object.defineProperty(globalThis, key, {
    value: Object.freeze({
      evaluated: (...args: Parameters<typeof evaluated>) => {
        try {
          evaluated(...args);
        } catch (error) {
          warn(`hookline could not hook ${args[0]}; it loads unpatched`, error);
        }
      },
      mockExports,
      mockModuleRuns,
      mockRequired,
      requireImportedCommonJs,
    }),
  });
  debug('modules runtime installed');
}
