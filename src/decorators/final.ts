import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { isConstructor } from '../patch/internal/function-shape.js';
import { isDecoratorContext, refuseKind } from './internal/context.js';
import type { AnyClass } from './types.js';

/**
 * Makes a class final: a subclass of it cannot be instantiated. Python's metaclass refuses
 * `class C(B)` as it is defined; JavaScript tells a class nothing when another extends it, and
 * seeing `extends` would mean trapping every read of the class's `prototype`, which `new` and
 * `instanceof` do all the time. So the refusal comes at the first `new C()`: a `TypeError` (code
 * `ERR_HOOKLINE_FINAL_CLASS`) that names both classes.
 *
 * What `@final` returns stands for the class: a proxy of it, whose only trap is `construct`.
 * `new B()`, `instanceof B`, `B.name`, `instance.constructor === B`, static methods and fields,
 * and `#private` members of instances work as before. A static method that reads a
 * `static #private` member through `this` gets the proxy as `this`, which JavaScript's own
 * private members are not reached through: after `final(cls)`, and with `@final` compiled by
 * esbuild (tsx), which keeps private members native, the method throws a `TypeError`.
 * TypeScript's `tsc` checks private statics against the class the decorator returned, so there
 * it works. Naming the class (`Single.#instance`) works with all three; so does keeping such
 * state in a module-level variable.
 *
 * Two uses: `@final` on a class, and `final(cls)`, which returns the final class.
 *
 * @example
 * ```ts
 * import { final } from 'hookline/decorators';
 *
 * @final
 * class B {}
 * class C extends B {} // defined: JavaScript cannot refuse it here
 * new B(); // works
 * new C(); // TypeError: … (B is final), C extends it
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_INVALID_ARGUMENT`) as the class is defined, for
 * `@final` on anything but a class; (code `ERR_HOOKLINE_FINAL_CLASS`) at `new` of a subclass.
 */
export function final<C extends AnyClass>(cls: C): C;
// A class with a private or protected constructor is no `AnyClass`, but is a class all the same.
export function final<C extends Function>(cls: C, context: ClassDecoratorContext<C & AnyClass>): C;
export function final(cls: unknown, context?: unknown): unknown {
  if (isDecoratorContext(context) && context.kind !== 'class') {
    refuseKind(
      'final',
      context,
      'a class',
      'Write @final on the class itself; a single method cannot be kept from being overridden.',
    );
  }
  if (typeof cls !== 'function' || !isConstructor(cls)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'final(cls)',
      expected: 'a class',
      received: describeValue(cls),
      fix: 'Pass the class itself, or write @final on it.',
    });
  }
  const finalClass: Function = new Proxy(cls, {
    construct(target, args, newTarget) {
      if (newTarget !== finalClass) refuseSubclass(target, newTarget);
      return Reflect.construct(target, args, newTarget) as object;
    },
  });
  // Instances find their class through the prototype's `constructor`: the final class, so that
  // `instance.constructor === B` holds and `new instance.constructor()` is refused for no one.
  const proto: unknown = cls.prototype;
  const constructorKey = 'constructor';
  if (typeof proto === 'object' && proto !== null && Object.hasOwn(proto, constructorKey)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(proto, constructorKey);
    if (descriptor?.value === cls && descriptor.writable) {
      Object.defineProperty(proto, constructorKey, { ...descriptor, value: finalClass });
    }
  }
  return finalClass;
}

function refuseSubclass(cls: Function, subclass: Function): never {
  const name = cls.name || 'the class';
  const subname = subclass.name || 'an anonymous class';
  throw new HooklineTypeError('ERR_HOOKLINE_FINAL_CLASS', {
    where: `new ${subname}()`,
    expected: `a class that does not extend ${name} (${name} is final)`,
    received: `${subname}, which extends it`,
    fix: `Use ${name} as it is, or hold one in a field of ${subname} in place of extending it; if ${name} is meant to be extended, take @final off it.`,
  });
}
