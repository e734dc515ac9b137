import { HooklineTypeError } from '../../internal/errors.js';
import { type Call, refusedByTarget } from './refusals.js';
import { bookkeeping, type Layer } from './registry.js';
import { installLayer, type LayerSpec } from './stack.js';

/**
 * Installs a layer; a refusal from the checks passes through as it is, and anything else the
 * target throws while being redefined (a Proxy trap) becomes a coded TypeError.
 */
export function installWithRefusals(call: Call, spec: LayerSpec): Layer {
  return bookkeeping(() => {
    try {
      return installLayer(call.target, call.key, spec);
    } catch (error) {
      if (error instanceof HooklineTypeError) throw error;
      throw refusedByTarget(call, error);
    }
  });
}
