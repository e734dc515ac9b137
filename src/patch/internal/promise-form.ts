import type { AnyWrapper } from './patch-function.js';
import { type Layer, registry } from './registry.js';

// Taken now: a program may patch or spy on Reflect itself, below which these must not go.
const { apply } = Reflect;

/** `util.promisify.custom`, without loading node:util: a registered symbol. */
export const promisifyCustom: unique symbol = Symbol.for('nodejs.util.promisify.custom') as never;

/**
 * The promise forms a layer's function gives in place of the original's, by key: where the
 * original has its own `util.promisify.custom` (`child_process.exec` and `execFile`), a function
 * Node made around that original, which `util.promisify` returns as it is. Copied onto the
 * wrapper as it is, that form would call the original past the layer; the one made here goes
 * through `promisified`, with the promise form below the layer as its `original`. `undefined`
 * where the original has none.
 */
export function promiseForms(
  layer: Layer,
  promisified: AnyWrapper,
  original: Function,
): ReadonlyMap<PropertyKey, unknown> | undefined {
  const own = Object.getOwnPropertyDescriptor(original, promisifyCustom);
  if (typeof own?.value !== 'function') return undefined;
  return new Map([[promisifyCustom, promiseForm(layer, promisified, own.value as Function)]]);
}

/**
 * One promise form. It reads the layer on every call, as the layer's function does: relinked onto
 * another original, it calls that one's form; restored, it passes the call straight through.
 * A method, like the arrow function Node makes: it cannot be called with `new`.
 */
function promiseForm(layer: Layer, promisified: AnyWrapper, made: Function): Function {
  const shared = registry;
  const form = {
    promisified(this: unknown, ...args: unknown[]) {
      const below = (layer.original as Record<PropertyKey, unknown> | undefined)?.[promisifyCustom];
      const belowForm = typeof below === 'function' ? below : made;
      if (layer.active && shared.busy === 0) return promisified(belowForm, this, args, undefined);
      return apply(belowForm, this, args);
    },
  }.promisified;
  // Its own `util.promisify.custom` is left for util.promisify to set (to itself), as it does
  // on Node's: copying the made form's would hand promisify that form again.
  for (const key of ['name', 'length'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(made, key);
    if (descriptor !== undefined) Object.defineProperty(form, key, descriptor);
  }
  return form;
}
