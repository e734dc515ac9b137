import { createUnhook, type Unhook } from '../internal/unhook.js';
import { ensureEsmHooks } from './install.js';
import { assertSpecifier, moduleKey } from './matcher.js';
import { type MockEntry, registry } from './registry.js';

/**
 * Makes `specifier` load `exports` instead of the real module — or a module that does not exist
 * at all — for `import`, `import()` and `require` alike. A function is a factory, called once
 * on first load (it may load the real module itself, to extend it). For `import`, the object's
 * own keys are the named exports, and its `default` key (or else the whole object) the default.
 * Modules that imported the real one before keep it.
 *
 * @example
 * ```ts
 * import { mockModule } from 'hookline/modules';
 * using _ = mockModule('pycon2016', { toString: () => 'hello PyCon China 2016!' });
 * const pycon = await import('pycon2016');
 * ```
 */
export function mockModule(specifier: string, exportsOrFactory: unknown): Unhook {
  assertSpecifier(
    specifier,
    'mockModule(specifier, exports)',
    'the module specifier to mock, as the program imports it',
    'mockModule("axios", { get: async () => ({ data: 1 }) })',
  );
  const make =
    typeof exportsOrFactory === 'function'
      ? (exportsOrFactory as () => unknown)
      : () => exportsOrFactory;
  const key = moduleKey(specifier);
  const entry: MockEntry = { id: registry.newMockId(), specifier, make, building: false };
  ensureEsmHooks(`mockModule(${specifier})`);
  registry.mocksById.set(entry.id, entry);
  return createUnhook(registry.setKeyed(registry.mocks, key, entry));
}
