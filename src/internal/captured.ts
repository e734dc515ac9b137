/**
 * Node's `process.getBuiltinModule` and `Function.prototype.bind`, taken as hookline loads. A
 * program may delete or replace them afterwards (a sandbox that removes `getBuiltinModule`, a
 * shim's `bind`); what hookline loads or binds later must not depend on what the program left.
 */
const getBuiltinModule = process.getBuiltinModule;
const bind = Function.prototype.bind;

/**
 * `Function` as Node started with it: hookline's own syntax checks compile with it, not through the
 * audit's proxy (which would report them as the program's `code.eval`, and a policy could deny
 * them).
 *
 * @example
 * ```ts
 * new OriginalFunction('return (a + b\n);'); // throws a SyntaxError where it does not parse
 * ```
 */
export const OriginalFunction: FunctionConstructor = Function;

/**
 * A builtin's exports, as Node's own `process.getBuiltinModule` gives them (not the audit's
 * wrapper of it, nor what a program put in its place).
 *
 * @example
 * ```ts
 * const { channel } = builtinModule('node:diagnostics_channel');
 * ```
 */
export const builtinModule = ((id: string) =>
  Reflect.apply(getBuiltinModule, process, [id])) as typeof process.getBuiltinModule;

/**
 * `fn` bound to `thisArg`, by the `bind` Node started with.
 *
 * @example
 * ```ts
 * const register = bound(Module.registerHooks, Module);
 * ```
 */
export function bound<F extends Function>(fn: F, thisArg: unknown): F {
  return Reflect.apply(bind, fn, [thisArg]) as F;
}
