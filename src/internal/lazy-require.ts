import { createRequire } from 'node:module';
import { internally } from './own-loads.js';

let require: NodeJS.Require | undefined;

/**
 * hookline's own `require` (for builtins, its dependencies and `require.cache`), made on first
 * use: making one costs some 70 µs, which every start-up would pay.
 *
 * @example
 * ```ts
 * const exports = ownRequire()('node:fs');
 * ```
 */
export function ownRequire(): NodeJS.Require {
  require ??= createRequire(import.meta.url);
  return require;
}

/**
 * A module loaded on first use rather than at import: hookline/register runs before every
 * program start, so what only some features need (a parser, the inspector, crypto) must cost
 * nothing until those features run. The load is hookline's own: the module hooks do not report,
 * mock or redirect it.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: { readonly value: T } | undefined;
  return () => {
    loaded ??= { value: internally(() => ownRequire()(id) as T) };
    return loaded.value;
  };
}
