import { internally } from './own-loads.js';

const { types } = internally(() => process.getBuiltinModule('node:util'));

/** How much of a value {@link plainValue} copies. */
export interface PlainLimits {
  /** Levels of plain objects and arrays copied; deeper ones are `[Object]` / `[Array(n)]`. */
  readonly depth: number;
  /** Elements or properties copied of each object. */
  readonly entries: number;
  /** Characters kept of a string (cut with `…`); all when left out. */
  readonly string?: number;
}

/**
 * A JSON-able copy of a value of the program's — an exception's local variable, a traced call's
 * argument, a logpoint's value — made without running the program's code (getters, proxies'
 * traps, `toJSON`) and without keeping its objects: plain objects and arrays copied to
 * `limits.depth`, everything else a short text (`[Function name]`, `[Name: message]`,
 * `[ClassName]`, `[Buffer(5 bytes)]`, `[Circular]`).
 *
 * @example
 * ```ts
 * plainValue({ id: 1, load() {} }, { depth: 1, entries: 10 }); // { id: 1, load: '[Function load]' }
 * ```
 */
export function plainValue(
  value: unknown,
  limits: PlainLimits,
  depth = 0,
  seen = new Set<object>(),
): unknown {
  switch (typeof value) {
    case 'string':
      return limits.string !== undefined && value.length > limits.string
        ? `${value.slice(0, limits.string)}…`
        : value;
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || '(anonymous)'}]`;
  }
  if (value === null) return null;
  const object = value as object;
  if (types.isProxy(object)) return '[Proxy]';
  if (seen.has(object)) return '[Circular]';
  if (types.isNativeError(object)) {
    return `[${(object as Error).name}: ${(object as Error).message}]`;
  }
  if (types.isDate(object)) {
    const time = (object as Date).getTime();
    return Number.isNaN(time) ? '[Invalid Date]' : new Date(time).toISOString();
  }
  if (ArrayBuffer.isView(object)) return `[${object.constructor.name}(${object.byteLength} bytes)]`;
  const isArray = Array.isArray(object);
  const proto: unknown = Object.getPrototypeOf(object);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    const ctor = Object.getOwnPropertyDescriptor(proto as object, 'constructor')?.value as unknown;
    const name = typeof ctor === 'function' && ctor.name ? ctor.name : 'Object';
    return `[${name}]`;
  }
  if (depth >= limits.depth) {
    return isArray ? `[Array(${(object as unknown[]).length})]` : '[Object]';
  }
  seen.add(object);
  try {
    if (isArray) {
      const copy: unknown[] = [];
      const length = Math.min((object as unknown[]).length, limits.entries);
      for (let index = 0; index < length; index += 1) {
        copy.push(ownData(object, String(index), limits, depth, seen));
      }
      return copy;
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(object).slice(0, limits.entries)) {
      // Defined, not assigned: a `__proto__` key is data here.
      Object.defineProperty(copy, key, {
        value: ownData(object, key, limits, depth, seen),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  } finally {
    seen.delete(object);
  }
}

/** A property's value read from its descriptor, so a getter is shown, not run. */
function ownData(
  object: object,
  key: string,
  limits: PlainLimits,
  depth: number,
  seen: Set<object>,
): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined) return undefined;
  if (!('value' in descriptor)) return '[Getter/Setter]';
  return plainValue(descriptor.value, limits, depth + 1, seen);
}
