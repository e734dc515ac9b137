import type { Patch } from '../types.js';
import type { Part } from './descriptors.js';
import { LayerHandle } from './handle.js';
import { installWithRefusals } from './install.js';
import { type AnyWrapper, createPatchFunction } from './patch-function.js';
import { type Call, checkProperty } from './refusals.js';

/**
 * Installs a layer of `wrapper` over `call.target[call.key]`'s `part`: what `patch()` does once its
 * arguments are checked, and what hookline's own patches do (with `promisified`, see
 * {@link createPatchFunction}).
 */
export function patchLayer(
  call: Call,
  wrapper: AnyWrapper,
  part: Part,
  promisified?: AnyWrapper,
): Patch {
  const layer = installWithRefusals(call, {
    part,
    wraps: true,
    check: (own, inherited, read) => checkProperty(call, part, true, own, inherited, read),
    replacement: (layer, original) =>
      createPatchFunction(layer, wrapper, original as Function, part, promisified),
  });
  return new LayerHandle(layer);
}
