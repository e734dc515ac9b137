import { CodePart, useCode } from '../internal/code-use.js';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { flushEarlierEvents } from './audit.js';
import { watchGetBuiltinModule } from './get-builtin-module.js';
import { ensureEsmHooks } from './install.js';
import { tellImportMetaResolveApart } from './loaders/in-thread.js';
import { registry } from './registry.js';
import { warnIfRunnerCannotSee } from './test-runner.js';
import type { ImportEvent } from './types.js';

/**
 * Calls `listener` for every module request — static `import`, `import()`, `require`,
 * `createRequire`'s require, and `process.getBuiltinModule` — with what was asked for, what it
 * resolved to, who asked, how, and when. A listener that throws is reported and the import goes
 * on. A listener may be async: nothing waits for it, and a promise it returns that is rejected is
 * reported as a throw is.
 *
 * @example
 * ```ts
 * import { auditImports } from 'hookline/modules';
 * // For the program's whole run: a `using` would end the audit with the enclosing block.
 * auditImports((e) => console.log(`${e.kind} ${e.specifier} from ${e.importer ?? 'the entry point'}`));
 * ```
 */
export function auditImports(listener: (event: ImportEvent) => void): Unhook {
  useCode(CodePart.auditImports);
  if (typeof listener !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'auditImports(listener)',
      expected: 'a function (event) => void',
      received: describeValue(listener),
      fix: 'Pass a listener, such as auditImports((event) => console.log(event.specifier)).',
    });
  }
  warnIfRunnerCannotSee('auditImports', 'auditImports(listener)');
  ensureEsmHooks('auditImports', { resolve: true });
  tellImportMetaResolveApart();
  registry.auditors.add(listener);
  watchGetBuiltinModule();
  registry.changed();
  return createUnhook(() => {
    flushEarlierEvents();
    registry.auditors.delete(listener);
    registry.changed();
  });
}
