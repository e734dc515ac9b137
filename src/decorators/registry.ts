import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { isDecoratorContext, refuseKind } from './internal/context.js';
import type { AnyClass } from './types.js';

/** Each registered class's registry: the set of leaf classes of its hierarchy. */
const registries = new WeakMap<Function, Set<Function>>();

/**
 * Keeps the leaf classes of a hierarchy in a static, read-only `registry`, as the seed's
 * `RegisterLeafClasses` metaclass does: the classes no other registered class extends, in the
 * order they were defined.
 *
 * A JavaScript class learns nothing when another extends it, so every class of the hierarchy
 * carries `@registry`. On a class with no registered ancestor it starts the registry, listing
 * the class itself (a hierarchy of one class has one leaf); on a class that extends a registered
 * one it joins its ancestors' registry, and they leave it, being leaves no more. `registry` is a
 * live `ReadonlySet` shared by the whole hierarchy: `Color.registry` and `Blue.registry` are one.
 * A subclass without `@registry` is not listed, and does not take its parent off the list.
 *
 * A class is registered once it is defined, as the class the program holds: with another class
 * decorator above `@registry` (`@final @registry class Red extends Color {}`), what that
 * decorator returned is listed, so `Color.registry.has(Red)` holds in either order.
 *
 * TypeScript does not let a decorator add to a class's type; declare what it adds:
 * `declare static readonly registry: ReadonlySet<typeof Color>;`. With `declare` it is a type
 * alone: a static `registry` field (even one with no value) is a static of the class's own, and
 * is refused as the class is defined.
 *
 * Registering a class a second time changes nothing.
 *
 * Two uses: `@registry` on a class, and `registry(cls)`, which returns the class.
 *
 * @example
 * ```ts
 * import { registry } from 'hookline/decorators';
 *
 * @registry
 * class Color {
 *   declare static readonly registry: ReadonlySet<typeof Color>;
 * }
 * @registry class Blue extends Color {}
 * @registry class Red extends Color {}
 * @registry class PhthaloBlue extends Blue {}
 * [...Color.registry].map((c) => c.name); // ['Red', 'PhthaloBlue']
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_INVALID_ARGUMENT`) as the class is defined, for
 * `@registry` on anything but a class, or on a class that has a static `registry` of its own.
 */
export function registry<C extends AnyClass>(cls: C): C;
// A class with a private or protected constructor is no `AnyClass`, but is a class all the same.
export function registry<C extends Function>(
  cls: C,
  context: ClassDecoratorContext<C & AnyClass>,
): C;
export function registry(cls: unknown, context?: unknown): unknown {
  if (isDecoratorContext(context) && context.kind !== 'class') {
    refuseKind(
      'registry',
      context,
      'a class',
      'Write @registry on the base class and on each subclass to list.',
    );
  }
  if (typeof cls !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'registry(cls)',
      expected: 'a class',
      received: describeValue(cls),
      fix: 'Pass the class itself, or write @registry on it.',
    });
  }
  if (isDecoratorContext(context)) {
    // Registered once the class is defined, as the class the program holds: a class decorator
    // written above this one (`@final`) may put another class in its place.
    context.addInitializer(function (this: unknown) {
      register(this as Function);
    });
  } else {
    register(cls);
  }
  return cls;
}

/**
 * Adds `cls` to its ancestors' registry, or starts one. A class registered already is left as it
 * is: module code run again (a second `registry(cls)`, both `@registry` and the call) must not
 * put back a class that has registered subclasses, nor refuse the root for the `registry` it got
 * the first time.
 */
function register(cls: Function): void {
  if (registries.has(cls)) return;
  const ancestors = ancestorsOf(cls);
  const inherited = ancestors.map((ancestor) => registries.get(ancestor)).find(Boolean);
  if (inherited === undefined) {
    startRegistry(cls);
    return;
  }
  for (const ancestor of ancestors) inherited.delete(ancestor);
  registries.set(cls, inherited);
  // Registered after a subclass of its own (by calls in that order): no leaf, so not listed.
  for (const leaf of inherited) if (Object.prototype.isPrototypeOf.call(cls, leaf)) return;
  inherited.add(cls);
}

/** Gives `cls`, the root of a registered hierarchy, its static `registry`, listing itself. */
function startRegistry(cls: Function): void {
  if (Object.hasOwn(cls, 'registry')) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: `@registry on the class ${cls.name || '(anonymous)'}`,
      expected: 'a class with no static registry of its own, for @registry to add it',
      received: `a static registry already there: ${describeValue(Reflect.get(cls, 'registry'))}`,
      fix: `Declare its type alone (declare static readonly registry: ReadonlySet<typeof ${cls.name || 'Base'}>;), rename the static member, or leave @registry off.`,
    });
  }
  const leaves = new Set<Function>([cls]);
  registries.set(cls, leaves);
  Object.defineProperty(cls, 'registry', {
    value: readonlyView(leaves),
    writable: false,
    enumerable: false,
    configurable: false,
  });
}

/** The classes `cls` extends, nearest first, up to (not including) `Function.prototype`. */
function ancestorsOf(cls: Function): Function[] {
  const ancestors: Function[] = [];
  for (
    let proto: unknown = Object.getPrototypeOf(cls);
    typeof proto === 'function' && proto !== Function.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    ancestors.push(proto);
  }
  return ancestors;
}

/**
 * A live, read-only view of `set`: it reads as a `ReadonlySet` and changes as classes register,
 * but has no `add`, `delete` or `clear` for code outside to change it with.
 */
function readonlyView<T>(set: Set<T>): ReadonlySet<T> {
  const view: ReadonlySet<T> & { readonly [Symbol.toStringTag]: string } = {
    get size() {
      return set.size;
    },
    has: (value) => set.has(value),
    forEach(callback, thisArg?: unknown) {
      for (const value of set) Reflect.apply(callback, thisArg, [value, value, view]);
    },
    entries: () => set.entries(),
    keys: () => set.keys(),
    values: () => set.values(),
    [Symbol.iterator]: () => set.values(),
    [Symbol.toStringTag]: 'Registry',
  };
  return Object.freeze(view);
}
