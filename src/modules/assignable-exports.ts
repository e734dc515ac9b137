/**
 * CommonJS exports a handler cannot assign to as they are: compiled ES modules (TypeScript,
 * Babel, esbuild) define their exports as getters without setters,
 * `Object.defineProperty(exports, 'format', { enumerable: true, get })`, often not configurable,
 * so `exports.format = patched` throws. The handler gets a view that takes such assignments; what
 * could not be written in place is held, and the exports importers get become a copy with it.
 */
export interface AssignableExports {
  /** What the handler gets: reads and writes go to the exports, locked properties aside. */
  readonly view: object;
  /**
   * After the handler: the exports importers should get — the same object when everything was
   * written in place, else a copy of it (same prototype, getters kept live) with the values
   * assigned to properties it could not change.
   */
  settle(): unknown;
}

/**
 * A view of `exports` for a handler, or `undefined` when every own property can be assigned as
 * it is (then the handler gets the exports themselves).
 *
 * @example
 * ```ts
 * const assignable = assignableExports(module.exports);
 * handler(assignable?.view ?? module.exports);
 * module.exports = assignable?.settle() ?? module.exports;
 * ```
 */
export function assignableExports(exports: unknown): AssignableExports | undefined {
  if (typeof exports !== 'object' || exports === null) return undefined;
  const original = exports as object;
  if (!Reflect.ownKeys(original).some((key) => isLocked(original, key))) return undefined;
  /** What the view reads and writes: the exports, then the copy that replaces them, if any. */
  let target = original;
  /** Values for properties that could not be changed in place (not configurable). */
  const held = new Map<PropertyKey, unknown>();
  const take = (key: PropertyKey, value: unknown): boolean => {
    const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
    if (
      held.has(key) ||
      (descriptor && !descriptor.configurable && isLockedDescriptor(descriptor))
    ) {
      held.set(key, value);
      return true;
    }
    if (descriptor && isLockedDescriptor(descriptor)) {
      return Reflect.defineProperty(target, key, {
        value,
        writable: true,
        enumerable: descriptor.enumerable ?? true,
        configurable: true,
      });
    }
    return Reflect.set(target, key, value);
  };
  // The view's own target is a stand-in: a proxy of the exports themselves could not report a
  // locked property as assigned (its invariants hold it to the exports' own descriptors).
  const standIn = Object.create(Reflect.getPrototypeOf(original)) as object;
  const view = new Proxy(standIn, {
    get: (_standIn, key) => (held.has(key) ? held.get(key) : Reflect.get(target, key)),
    set: (_standIn, key, value) => take(key, value),
    has: (_standIn, key) => held.has(key) || Reflect.has(target, key),
    ownKeys: () => Reflect.ownKeys(target),
    getOwnPropertyDescriptor: (_standIn, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
      if (descriptor === undefined) return undefined;
      return held.has(key)
        ? {
            value: held.get(key),
            writable: true,
            enumerable: descriptor.enumerable ?? true,
            configurable: true,
          }
        : { ...descriptor, configurable: true };
    },
    defineProperty: (_standIn, key, descriptor) =>
      'value' in descriptor && isLocked(target, key)
        ? take(key, descriptor.value)
        : Reflect.defineProperty(target, key, descriptor),
    deleteProperty: (_standIn, key) => {
      held.delete(key);
      return Reflect.deleteProperty(target, key);
    },
  });
  return {
    view,
    settle() {
      if (held.size === 0 || target !== original) return target;
      const copy = Object.create(Reflect.getPrototypeOf(target)) as object;
      for (const key of Reflect.ownKeys(target)) {
        const descriptor = Reflect.getOwnPropertyDescriptor(target, key) as PropertyDescriptor;
        Reflect.defineProperty(
          copy,
          key,
          held.has(key)
            ? {
                value: held.get(key),
                writable: true,
                enumerable: descriptor.enumerable ?? true,
                configurable: true,
              }
            : { ...descriptor, configurable: true },
        );
      }
      // A handler that kept the view and assigns later (on first use) changes what importers got.
      target = copy;
      held.clear();
      return copy;
    },
  };
}

function isLocked(target: object, key: PropertyKey): boolean {
  const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
  return descriptor !== undefined && isLockedDescriptor(descriptor);
}

/** A getter without a setter, or a value that is not writable. */
function isLockedDescriptor(descriptor: PropertyDescriptor): boolean {
  return 'get' in descriptor || 'set' in descriptor
    ? descriptor.set === undefined
    : descriptor.writable === false;
}
