import { internally } from '../internal/own-loads.js';

const { types } = internally(() => process.getBuiltinModule('node:util'));

/** How deep a local's objects are copied; deeper ones are shown as `[Object]`/`[Array]`. */
const MAX_DEPTH = 3;
/** How many elements or properties of one object are copied. */
const MAX_ENTRIES = 50;

/**
 * A JSON-able copy of `value` for an exception's `locals`: it must be taken while the program is
 * paused at the throw (the frame is gone after), must never run the program's code (getters,
 * proxies' traps, `toJSON`), and must not keep the program's objects alive. Plain objects and
 * arrays are copied to a small depth; everything else is a short text.
 */
export function plainValue(value: unknown, depth = 0, seen = new Set<object>()): unknown {
  switch (typeof value) {
    case 'string':
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
  const isArray = Array.isArray(object);
  const proto: unknown = Object.getPrototypeOf(object);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    const ctor = Object.getOwnPropertyDescriptor(proto as object, 'constructor')?.value as unknown;
    const name = typeof ctor === 'function' && ctor.name ? ctor.name : 'Object';
    return `[${name}]`;
  }
  if (depth >= MAX_DEPTH) return isArray ? '[Array]' : '[Object]';
  seen.add(object);
  try {
    if (isArray) {
      const copy: unknown[] = [];
      const length = Math.min((object as unknown[]).length, MAX_ENTRIES);
      for (let index = 0; index < length; index += 1) {
        copy.push(ownData(object, String(index), depth, seen));
      }
      return copy;
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(object).slice(0, MAX_ENTRIES)) {
      // Defined, not assigned: a `__proto__` key is data here.
      Object.defineProperty(copy, key, {
        value: ownData(object, key, depth, seen),
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
function ownData(object: object, key: string, depth: number, seen: Set<object>): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined) return undefined;
  if (!('value' in descriptor)) return '[Getter/Setter]';
  return plainValue(descriptor.value, depth + 1, seen);
}
