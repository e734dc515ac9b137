import { types } from 'node:util';

const MAX_STRING = 200;
const MAX_ENTRIES = 10;

/**
 * A JSON-able summary of a traced argument, return value or logpoint value. It must never run
 * the program's code (getters, proxies' traps, `toJSON`) and must stay short: strings are cut to
 * 200 characters, objects and arrays show their first 10 entries one level deep.
 *
 * @example
 * ```ts
 * jsonSafe({ id: 1, tags: ['a'], load() {} }); // { id: 1, tags: '[Array(1)]', load: '[Function load]' }
 * ```
 */
export function jsonSafe(value: unknown, depth = 0): unknown {
  switch (typeof value) {
    case 'string':
      return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
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
  return summariseObject(value as object, depth);
}

function summariseObject(object: object, depth: number): unknown {
  if (types.isProxy(object)) return '[Proxy]';
  if (types.isNativeError(object))
    return `[${(object as Error).name}: ${(object as Error).message}]`;
  if (types.isDate(object)) {
    const time = (object as Date).getTime();
    return Number.isNaN(time) ? '[Invalid Date]' : new Date(time).toISOString();
  }
  if (ArrayBuffer.isView(object)) return `[${object.constructor.name}(${object.byteLength} bytes)]`;
  const isArray = Array.isArray(object);
  const proto: unknown = Object.getPrototypeOf(object);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    const ctor = Object.getOwnPropertyDescriptor(proto as object, 'constructor')?.value as unknown;
    return `[${typeof ctor === 'function' && ctor.name ? ctor.name : 'Object'}]`;
  }
  if (depth > 0) return isArray ? `[Array(${(object as unknown[]).length})]` : '[Object]';
  const keys = isArray
    ? Array.from({ length: Math.min((object as unknown[]).length, MAX_ENTRIES) }, (_, i) =>
        String(i),
      )
    : Object.keys(object).slice(0, MAX_ENTRIES);
  const entries = keys.map((key) => {
    // Only data properties: a getter is the program's code.
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    return [key, descriptor && 'value' in descriptor ? jsonSafe(descriptor.value, 1) : '[Getter]'];
  });
  return isArray ? entries.map(([, each]) => each) : Object.fromEntries(entries);
}
