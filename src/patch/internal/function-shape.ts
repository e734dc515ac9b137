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
 * Gives `wrapper` the shape of `original`: `name`, `length`, `prototype` (so `new` and
 * `instanceof` behave), every other own property (statics, `util.promisify.custom`), and its
 * prototype chain (so inherited statics and `constructor` checks still resolve).
 */
export function copyFunctionShape(wrapper: Function, original: Function): void {
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'arguments' || key === 'caller') continue;
    const descriptor = Reflect.getOwnPropertyDescriptor(original, key) as PropertyDescriptor;
    if (key === 'prototype') {
      if (Object.hasOwn(wrapper, 'prototype')) {
        Object.defineProperty(wrapper, 'prototype', {
          value: descriptor.value,
          writable: descriptor.writable ?? false,
        });
      }
      continue;
    }
    Object.defineProperty(wrapper, key, descriptor);
  }
  if (!Object.hasOwn(original, 'name')) Reflect.deleteProperty(wrapper, 'name');
  if (!Object.hasOwn(original, 'length')) Reflect.deleteProperty(wrapper, 'length');
  const proto = Object.getPrototypeOf(original) as object | null;
  if (proto !== Object.getPrototypeOf(wrapper)) Object.setPrototypeOf(wrapper, proto);
}
