import type { Patch } from '../types.js';
import { bookkeeping, type Layer, registry } from './registry.js';
import { removeLayer } from './stack.js';

/** The handle `patch()`, `replace()` and `spy()` return for the layer they installed. */
export class LayerHandle implements Patch {
  readonly #layer: Layer;

  constructor(layer: Layer) {
    this.#layer = layer;
    bookkeeping(() => registry.active.add(this));
  }

  get active(): boolean {
    return this.#layer.active;
  }

  restore(): void {
    if (!this.#layer.active) return;
    bookkeeping(() => {
      registry.active.delete(this);
      removeLayer(this.#layer);
    });
  }

  [Symbol.dispose](): void {
    this.restore();
  }
}
