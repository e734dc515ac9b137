/** Whether `fn` can be called with `new`, without calling it. */
export function isConstructor(fn: Function): boolean {
  try {
    // Reflect.construct checks that its newTarget is a constructor before doing anything;
    // String ignores it otherwise. The TypeError it throws for a non-constructor is the answer.
    Reflect.construct(String, [], fn);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `new.target` the function below a wrapper gets: the caller's, except that a `new` of the
 * wrapper itself becomes a `new` of the function below. So the original sees the class it
 * always saw (abstract-class guards, registries keyed by `new.target`, a bound class's target),
 * and a subclass declared over the wrapper is still that subclass.
 */
export function newTargetBelow(newTarget: Function, wrapper: Function, below: Function): Function {
  return newTarget === wrapper ? below : newTarget;
}

/**
 * A constructor wrapper for an original that has no `prototype` of its own (a bound class): a
 * `function` always has one, which `new` would use for the instance. The proxy over a bound copy
 * has none, as the original, and forwards calls (with their receiver) and `new` to `fn`.
 */
export function withoutOwnPrototype(fn: Function): Function {
  const shell: Function = new Proxy(fn.bind(undefined), {
    apply: (_bound, self, args) => Reflect.apply(fn, self, args),
    construct: (_bound, args, newTarget) =>
      Reflect.construct(fn, args, newTarget === shell ? fn : newTarget) as object,
  });
  return shell;
}

/**
 * Gives `wrapper` the shape of `original`: `name`, `length`, `prototype` (so `new` and
 * `instanceof` behave, and a generator function keeps the prototype of the generators it makes),
 * every other own property (statics, `util.promisify.custom`), and its prototype chain (so
 * inherited statics and `constructor` checks still resolve).
 *
 * A writable own property is shared, not copied: on the wrapper it reads and assigns the
 * original's, so a static the original updates (`Counter.created++`) or one a caller sets
 * through the wrapper (`mod.fetch.timeout = 5`) is the same value on both, during the patch and
 * after it.
 *
 * `values` gives some own data properties another value on the wrapper, with their attributes
 * (the promise form of a patch's own, see createPatchFunction).
 */
export function copyFunctionShape(
  wrapper: Function,
  original: Function,
  values?: ReadonlyMap<PropertyKey, unknown>,
): void {
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'arguments' || key === 'caller') continue;
    const descriptor = Reflect.getOwnPropertyDescriptor(original, key) as PropertyDescriptor;
    if (values?.has(key) === true && 'value' in descriptor) {
      Object.defineProperty(wrapper, key, { ...descriptor, value: values.get(key) });
      continue;
    }
    if (key === 'prototype' && Object.hasOwn(wrapper, 'prototype')) {
      // A function's own `prototype` cannot be redefined, only given a new value.
      Object.defineProperty(wrapper, 'prototype', {
        value: descriptor.value,
        writable: descriptor.writable ?? false,
      });
      continue;
    }
    Object.defineProperty(
      wrapper,
      key,
      descriptor.writable ? shared(original, key, descriptor) : descriptor,
    );
  }
  if (!Object.hasOwn(original, 'name')) Reflect.deleteProperty(wrapper, 'name');
  if (!Object.hasOwn(original, 'length')) Reflect.deleteProperty(wrapper, 'length');
  const proto = Object.getPrototypeOf(original) as object | null;
  if (proto !== Object.getPrototypeOf(wrapper)) Object.setPrototypeOf(wrapper, proto);
}

/** An accessor that reads and assigns `original[key]`, with the attributes of the property. */
function shared(
  original: Function,
  key: PropertyKey,
  data: PropertyDescriptor,
): PropertyDescriptor {
  return {
    get: () => Reflect.get(original, key),
    set: (value: unknown) => {
      Reflect.set(original, key, value);
    },
    enumerable: data.enumerable ?? false,
    configurable: data.configurable ?? false,
  };
}
