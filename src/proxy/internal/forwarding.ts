/**
 * Functions the language defines to work on any object, a proxy included: the methods of
 * `Array.prototype` (each index read and write they make goes through the proxy, so `observe`
 * reports it) and of `Object.prototype`. Only these run with `this` the proxy; made once, the
 * first time it is needed.
 */
let generic: WeakSet<Function> | undefined;

function isGeneric(fn: Function): boolean {
  if (generic === undefined) {
    generic = new WeakSet();
    for (const proto of [Array.prototype, Object.prototype]) {
      for (const key of Reflect.ownKeys(proto)) {
        const { value } = Reflect.getOwnPropertyDescriptor(proto, key) ?? {};
        if (typeof value === 'function') generic.add(value);
      }
    }
  }
  return generic.has(fn);
}

/**
 * How the proxies of hookline/proxy pass reads and writes on to their target: the target's own
 * code (its methods, getters and setters) runs on the target itself, as it would without a proxy.
 * A `this` that is the proxy would break every method that needs what only the target has: the
 * internal slots of a `Map`, `Set`, `Date` or `Promise`, and the `#private` fields of a class
 * (`Map.prototype.get called on incompatible receiver`, `Cannot read private member`).
 *
 * So a method read from the prototype chain is handed out as a proxy of it (made once per
 * function) whose calls with `this` the proxy run with `this` the target. A function stored on
 * the target itself (a callback, a module's export, an object literal's method) is handed out as
 * it is, for its identity (`removeListener(proxy.onData)`, `x.constructor === proxy.Custom`);
 * so is `constructor`, and so are the generic methods above.
 */
export class Forwarding {
  /** The proxy whose reads and writes these are; set once it exists. */
  proxy: object | undefined;
  readonly #target: object;
  readonly #methods = new WeakMap<Function, Function>();

  constructor(target: object) {
    this.#target = target;
  }

  /**
   * `target[key]` as read through the proxy by `receiver`: the proxy, or an object whose
   * prototype it is (a getter then runs on that object, as JavaScript has it).
   */
  read(key: PropertyKey, receiver: unknown): unknown {
    const target = this.#target;
    return Reflect.get(target, key, receiver === this.proxy ? target : receiver);
  }

  /** What the proxy hands out for `value`, read at `key`: the value, or a method bound as above. */
  expose(key: PropertyKey, value: unknown, receiver: unknown): unknown {
    if (typeof value !== 'function' || receiver !== this.proxy || key === 'constructor') {
      return value;
    }
    if (isGeneric(value) || Object.hasOwn(this.#target, key)) return value;
    let method = this.#methods.get(value);
    if (method === undefined) {
      method = this.#onTarget(value);
      this.#methods.set(value, method);
    }
    return method;
  }

  /** `target[key] = value` as written through the proxy by `receiver`. */
  write(key: PropertyKey, value: unknown, receiver: unknown): boolean {
    const target = this.#target;
    return Reflect.set(target, key, value, receiver === this.proxy ? target : receiver);
  }

  /**
   * `fn` as a proxy of it (its name, length, statics and `new` unchanged) called on the target when
   * called on the proxy. What it returns is the proxy where it would be the target, so that a
   * fluent call (`map.set(k, v).set(…)`) goes on through the proxy.
   */
  #onTarget(fn: Function): Function {
    const target = this.#target;
    return new Proxy(fn, {
      apply: (original, self, args) => {
        const onProxy = self === this.proxy;
        const result: unknown = Reflect.apply(original, onProxy ? target : self, args);
        return onProxy && result === target ? this.proxy : result;
      },
    });
  }
}

/** Whether `value` can be the target of a proxy: an object or a function. */
export function isProxyTarget(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}
