import { builtinModule } from '../internal/captured.js';

/**
 * Node's own `process.getBuiltinModule`, taken as hookline loads: before the audit (or anything
 * of hookline's) wraps it, or the program deletes it.
 */
const getBuiltinModule = builtinModule;

/**
 * A builtin's exports, for a hook to change in place. Taken as `process.getBuiltinModule` takes
 * them, not by `require`: Node fixes the names that an ES module import of a builtin exports at
 * its first `require`, and a handler that runs before the program's first load may add one,
 * which `import { added } from 'node:x'` then finds.
 */
export function builtinExports(id: string): Record<PropertyKey, unknown> {
  const exports = getBuiltinModule(id) as Record<PropertyKey, unknown> | undefined;
  if (exports === undefined) throw new Error(`no builtin module ${id}`);
  return exports;
}
