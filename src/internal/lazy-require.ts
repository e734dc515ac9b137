import { createRequire } from 'node:module';
import { internally } from './own-loads.js';

const require = createRequire(import.meta.url);

/**
 * A module loaded on first use rather than at import: hookline/register runs before every
 * program start, so what only some features need (a parser, the inspector, crypto) must cost
 * nothing until those features run. The load is hookline's own: the module hooks do not report,
 * mock or redirect it.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: { readonly value: T } | undefined;
  return () => {
    loaded ??= { value: internally(() => require(id) as T) };
    return loaded.value;
  };
}
