import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A module loaded on first use rather than at import: hookline/register runs before every
 * program start, so what only some features need (a parser, the inspector, crypto) must cost
 * nothing until those features run.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: { readonly value: T } | undefined;
  return () => {
    loaded ??= { value: require(id) as T };
    return loaded.value;
  };
}
