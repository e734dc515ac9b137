import { Forwarding } from './internal/forwarding.js';
import { checkFunction, checkTarget } from './internal/refusals.js';

/**
 * What {@link withDefaults} returns: the target's own type, and any other name read as what the
 * fallback returns.
 */
export type WithDefaults<T extends object, D> = T & { readonly [key: string]: D };

/**
 * Names the language and Node read on any object to find out what it is or how to treat it,
 * never to read an attribute: a fallback answering them would change what the object is taken
 * for. A missing one stays missing (`undefined`, as on the target):
 * - `then`: `await obj`, `Promise.resolve(obj)` and an async function returning `obj` call a
 *   `then` they find, and would wait for ever on a fallback's function;
 * - `toJSON`: `JSON.stringify(obj)` would write what a fallback's function returns, not the
 *   object;
 * - `toString`, `valueOf`: `String(obj)`, `` `${obj}` ``, `obj + ''` and `==` call them on an
 *   object without `Symbol.toPrimitive` (one of `Object.create(null)`);
 * - `constructor`: read to make objects like this one (an array's `map`, a promise's `then`) and
 *   to tell its class.
 * Symbols are never names of attributes but protocol keys: `Symbol.toPrimitive`,
 * `Symbol.iterator`, `Symbol.toStringTag`, `Symbol.isConcatSpreadable`, `Symbol.dispose`, Node's
 * `util.inspect.custom`, a library's brand (`Symbol.for('react.element')`); all are exempt.
 */
const exempt = new Set(['then', 'toJSON', 'toString', 'valueOf', 'constructor']);

/**
 * A proxy of `target` on which reading a missing property returns `fallback(key, target)` —
 * Python's `__getattr__`. A property the target has, own or inherited, is read as usual, even
 * when its value is `undefined`; writes, `delete`, `in` and `Object.keys` are the target's. Keys
 * the runtime reads to tell what an object is (`then`, `toJSON`, `toString`, `valueOf`,
 * `constructor` and every symbol) are never answered by the fallback, so `await`, `String()`,
 * `JSON.stringify` and `console.log` treat the proxy as they treat the target. The fallback runs
 * at each read of a missing property, and what it throws is what the read throws. Methods run on
 * the target, as with `observe`.
 *
 * @example
 * ```ts
 * import { withDefaults } from 'hookline/proxy';
 * const p = withDefaults({ x: 1, y: 2 }, (key) => key);
 * p.x; // 1
 * p['z']; // 'z'
 * 'z' in p; // false: only reads are answered
 * ```
 *
 * @throws {TypeError} `ERR_HOOKLINE_INVALID_ARGUMENT` for a target that is not an object or
 * function, or a fallback that is not a function; nothing is made then.
 */
export function withDefaults<T extends object, D>(
  target: T,
  fallback: (key: string, target: T) => D,
): WithDefaults<T, D> {
  const where = 'withDefaults(target, fallback)';
  checkTarget(
    target,
    where,
    'Pass the object whose missing properties to answer; a primitive has no properties to add to.',
  );
  checkFunction(
    fallback,
    where,
    'a function (key, target) => value for the missing properties',
    'Pass a function, such as withDefaults(point, (key) => key); for one fixed value, (key) => 0.',
  );
  const forwarding = new Forwarding(target);
  const proxy = new Proxy(target, {
    get(_, key, receiver) {
      if (typeof key === 'symbol' || exempt.has(key) || Reflect.has(target, key)) {
        return forwarding.expose(key, forwarding.read(key, receiver), receiver);
      }
      return Reflect.apply(fallback, undefined, [key, target]);
    },
    set(_, key, value, receiver) {
      return forwarding.write(key, value, receiver);
    },
  });
  forwarding.proxy = proxy;
  return proxy as WithDefaults<T, D>;
}
