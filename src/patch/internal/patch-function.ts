import type { Part } from './descriptors.js';
import {
  copyFunctionShape,
  isConstructor,
  newTargetBelow,
  withoutOwnPrototype,
} from './function-shape.js';
import { promiseForms } from './promise-form.js';
import { type Layer, registry } from './registry.js';

// Taken now: a program may patch or spy on Reflect itself, below which these must not go.
const { apply, construct } = Reflect;

/** A wrapper as `patch()` takes it, before its types are narrowed for the user. */
export type AnyWrapper = (
  original: Function,
  self: unknown,
  args: unknown[],
  newTarget: Function | undefined,
) => unknown;

/**
 * The function a `patch()` layer installs. It reads its layer on every call, so that a layer
 * relinked onto another original, or restored while something else still holds it, behaves at
 * once: an inactive layer passes the call straight through.
 *
 * A constructor gets a `function` (it can be called with `new`, and sees `new.target`); anything
 * else a method, which has no `prototype` and cannot be constructed, like the arrow functions,
 * methods and builtins it stands in for. A `new` of the wrapper reaches the wrapper and the
 * function below with the function below as `newTarget`, as if nothing were in between.
 *
 * `promisified`, where given, is the wrapper of the original's own promise form
 * (`util.promisify.custom`: exec's and execFile's): `util.promisify` of the installed function
 * then goes through it, where the form copied from the original would call the original. Only
 * hookline's own patches give one (the audit's, whose wrapper reads the arguments both forms
 * begin with alike); a `patch()` wrapper is written for the function's own calls (a callback, a
 * result), which the promise form does not make.
 */
export function createPatchFunction(
  layer: Layer,
  wrapper: AnyWrapper,
  original: Function,
  part: Part,
  promisified?: AnyWrapper,
): Function {
  // Held by the closures: a read of the module's import binding at every call cost a patched
  // call half as much again as a hand-written wrapper.
  const shared = registry;
  let fn: Function;
  if (part === 'value' && isConstructor(original)) {
    const constructible = function (this: unknown, ...args: unknown[]) {
      const below = layer.original as Function;
      const live = layer.active && shared.busy === 0;
      if (new.target === undefined) {
        return live ? wrapper(below, this, args, undefined) : apply(below, this, args);
      }
      const newTarget = newTargetBelow(new.target, constructible, below);
      return live ? wrapper(below, undefined, args, newTarget) : construct(below, args, newTarget);
    };
    fn = Object.hasOwn(original, 'prototype') ? constructible : withoutOwnPrototype(constructible);
  } else {
    fn = {
      wrapped(this: unknown, ...args: unknown[]) {
        const below = layer.original as Function;
        if (layer.active && shared.busy === 0) return wrapper(below, this, args, undefined);
        return apply(below, this, args);
      },
    }.wrapped;
  }
  const forms = promisified === undefined ? undefined : promiseForms(layer, promisified, original);
  copyFunctionShape(fn, original, forms);
  return fn;
}
