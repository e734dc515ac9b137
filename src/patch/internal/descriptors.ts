/** Which part of a property a layer replaces: its value, or the getter or setter of an accessor. */
export type Part = 'value' | 'get' | 'set';

/** A property's descriptor, found on the object itself or along its prototype chain. */
export interface FoundDescriptor {
  readonly descriptor: PropertyDescriptor;
  /** The object that holds the property: the target itself, or one of its prototypes. */
  readonly holder: object;
}

/** Looks a property up the way `target[key]` would, without calling getters. */
export function findDescriptor(target: object, key: PropertyKey): FoundDescriptor | undefined {
  let holder: object | null = target;
  while (holder !== null) {
    const descriptor = Reflect.getOwnPropertyDescriptor(holder, key);
    if (descriptor) return { descriptor, holder };
    holder = Reflect.getPrototypeOf(holder);
  }
  return undefined;
}

export function isAccessor(descriptor: PropertyDescriptor): boolean {
  return 'get' in descriptor || 'set' in descriptor;
}

/**
 * Whether two descriptors describe the same property: the same value or accessor functions, and
 * the same attributes. Used to tell whether the property still holds what a layer installed.
 */
export function sameDescriptor(a: PropertyDescriptor | undefined, b: PropertyDescriptor): boolean {
  if (a === undefined) return false;
  if (a.enumerable !== b.enumerable || a.configurable !== b.configurable) return false;
  if (isAccessor(a) !== isAccessor(b)) return false;
  if (isAccessor(a)) return a.get === b.get && a.set === b.set;
  return Object.is(a.value, b.value) && a.writable === b.writable;
}

/**
 * The own descriptor a layer defines on the target, given what lies below it (`below`, the
 * target's own descriptor, or `inherited` when the target has none of its own).
 *
 * An own property added over an inherited or missing one is configurable, so that restoring
 * can delete it; it keeps the enumerability of what it shadows, so `Object.keys` of the target
 * does not change while patched.
 */
export function composeDescriptor(
  part: Part,
  replacement: unknown,
  below: PropertyDescriptor | undefined,
  inherited: PropertyDescriptor | undefined,
): PropertyDescriptor {
  const effective = below ?? inherited;
  const enumerable = effective?.enumerable ?? true;
  if (part === 'value') {
    if (below && !isAccessor(below)) {
      return {
        value: replacement,
        writable: below.writable ?? false,
        enumerable,
        configurable: below.configurable ?? false,
      };
    }
    return { value: replacement, writable: true, enumerable, configurable: true };
  }
  const configurable = below ? (below.configurable ?? false) : true;
  // Both accessor keys are always present, as in what `getOwnPropertyDescriptor` returns.
  const accessor = { get: effective?.get, set: effective?.set, enumerable, configurable };
  accessor[part] = replacement as never;
  return accessor as PropertyDescriptor;
}

/**
 * The function a wrapping layer calls through: the value below it, the value a configurable
 * getter returns (a lazily defined global such as `globalThis.Buffer`), or the getter or setter.
 */
export function functionBelow(
  part: Part,
  target: object,
  effective: PropertyDescriptor | undefined,
): unknown {
  if (effective === undefined) return undefined;
  if (part === 'get') return effective.get;
  if (part === 'set') return effective.set;
  if (!isAccessor(effective)) return effective.value;
  return effective.get ? Reflect.apply(effective.get, target, []) : undefined;
}
