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
export function sameDescriptor(
  a: PropertyDescriptor | undefined,
  b: PropertyDescriptor | undefined,
): boolean {
  // No descriptor on either side: a property a layer took away, still away.
  if (a === undefined || b === undefined) return a === b;
  if (a.enumerable !== b.enumerable || a.configurable !== b.configurable) return false;
  if (isAccessor(a) !== isAccessor(b)) return false;
  if (isAccessor(a)) return a.get === b.get && a.set === b.set;
  return Object.is(a.value, b.value) && a.writable === b.writable;
}

/**
 * The own descriptor a layer defines on `target[key]`, given what lies below it (`below`, the
 * target's own descriptor, or `inherited` when the target has none of its own).
 *
 * An own property added over an inherited or missing one is configurable, so that restoring
 * can delete it; it keeps the enumerability of what it shadows, so `Object.keys` of the target
 * does not change while patched. When one half of an inherited accessor is wrapped, the other
 * half of the own accessor reads the prototype chain at each use, so that a later change to the
 * inherited getter or setter still reaches this object.
 */
export function composeDescriptor(
  target: object,
  key: PropertyKey,
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
  if (below === undefined) {
    if (part === 'get' && accessor.set) accessor.set = inheritedSetter(target, key);
    if (part === 'set' && accessor.get) accessor.get = inheritedGetter(target, key);
  }
  accessor[part] = replacement as never;
  return accessor as PropertyDescriptor;
}

/** The accessor `target`'s prototype chain holds for `key` now. */
function inheritedAccessor(target: object, key: PropertyKey): PropertyDescriptor | undefined {
  const proto = Reflect.getPrototypeOf(target);
  return proto === null ? undefined : findDescriptor(proto, key)?.descriptor;
}

function inheritedGetter(target: object, key: PropertyKey): () => unknown {
  return function (this: unknown) {
    const found = inheritedAccessor(target, key);
    if (found === undefined) return undefined;
    return found.get ? Reflect.apply(found.get, this, []) : found.value;
  };
}

function inheritedSetter(target: object, key: PropertyKey): (value: unknown) => void {
  return function (this: unknown, value: unknown) {
    const set = inheritedAccessor(target, key)?.set;
    if (set) Reflect.apply(set, this, [value]);
  };
}

/** What an accessor's getter returned, or what it threw. */
export type GetterRead = { readonly value: unknown } | { readonly error: unknown };

/** Runs an accessor's getter on `target`, as reading the property would. */
export function readThroughGetter(target: object, accessor: PropertyDescriptor): GetterRead {
  if (!accessor.get) return { value: undefined };
  try {
    return { value: Reflect.apply(accessor.get, target, []) };
  } catch (error) {
    return { error };
  }
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
