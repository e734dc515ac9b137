import { describeKey, describeValue, HooklineTypeError } from '../internal/errors.js';
import { invalidOption, optionsRecord } from '../internal/options.js';
import { warn } from '../internal/warning.js';
import { Forwarding } from './internal/forwarding.js';
import { checkTarget } from './internal/refusals.js';

/** What {@link observe} reports, each called after the access it reports is done. */
export interface ObserveListeners<T extends object> {
  /** A read of `target[key]` through the proxy, with the value read from the target. */
  readonly get?: ((key: string | symbol, value: unknown, target: T) => void) | undefined;
  /** A write of `target[key]`, with the value written and the one the property held before. */
  readonly set?:
    | ((key: string | symbol, value: unknown, previous: unknown, target: T) => void)
    | undefined;
  /** A `delete` of an own property of the target, with the value it held. */
  readonly delete?: ((key: string | symbol, previous: unknown, target: T) => void) | undefined;
}

type Listener = (...args: never[]) => void;

interface Observation {
  readonly listeners: Readonly<Record<'get' | 'set' | 'delete', Listener | undefined>>;
  active: boolean;
  /** While a listener runs: what it does through the proxy itself is not reported. */
  busy: boolean;
}

/** Each proxy {@link observe} made, for {@link unobserve}. */
const observations = new WeakMap<object, Observation>();

const where = 'observe(target, listeners)';
const kinds = ['get', 'set', 'delete'] as const;
const listenerShapes = {
  get: '(key, value, target) => void',
  set: '(key, value, previous, target) => void',
  delete: '(key, previous, target) => void',
};

/**
 * A proxy of `target` that reports each property read, write and `delete` made through it —
 * Python's `__getattribute__` for auditing an object someone else made — and otherwise behaves as
 * `target`: reads return its values, writes go to it, `instanceof`, `Array.isArray`,
 * `Object.keys` and `JSON.stringify` see it. Methods from the prototype chain (a `Map`'s, a
 * `Date`'s, a class's, one using `#private` fields) run on the target itself, so they work, and
 * the reads they make inside are not reported; `Array.prototype`'s methods run on the proxy, so
 * each index they read or write is. A listener that throws is reported as a `HooklineWarning`
 * and the access goes on; what a listener does through the proxy is not reported.
 * {@link unobserve} stops the reports, the proxy still working.
 *
 * @example
 * ```ts
 * import { observe } from 'hookline/proxy';
 * const point = observe({ x: 1, y: 2 }, {
 *   get: (key) => console.log('** accessing:', key),
 *   set: (key, value, previous) => console.log('**', key, previous, '→', value),
 * });
 * point.x; // ** accessing: x
 * point.y = 3; // ** y 2 → 3
 * ```
 *
 * @throws {TypeError} `ERR_HOOKLINE_INVALID_ARGUMENT` for a target that is not an object or
 * function, listeners that are not an object, or a listener that is not a function; nothing is
 * made then.
 */
export function observe<T extends object>(target: T, listeners: ObserveListeners<T>): T {
  checkTarget(
    target,
    where,
    'Pass the object whose accesses to report; a primitive has no properties to watch.',
  );
  if (typeof listeners !== 'object' || listeners === null || Array.isArray(listeners)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'an object of listeners (get, set, delete)',
      received: describeValue(listeners),
      fix: 'Say what to report, such as observe(point, { get: (key) => console.log(key) }).',
    });
  }
  // Refuses a misspelt listener (`gets`), which would otherwise never be called.
  const record = optionsRecord(
    listeners,
    where,
    kinds,
    'observe(point, { get: (key) => console.log(key) })',
  );
  const chosen: Record<string, Listener | undefined> = {};
  for (const kind of kinds) {
    const listener = record[kind];
    if (listener !== undefined && typeof listener !== 'function') {
      throw invalidOption(
        `observe(target, { ${kind} })`,
        `a function ${listenerShapes[kind]}, or nothing`,
        listener,
        `Pass a function, such as { ${kind}: (key) => console.log(key) }, or leave ${kind} out.`,
      );
    }
    chosen[kind] = listener as Listener | undefined;
  }
  // Taken now: changing the object passed afterwards changes nothing, as for any option.
  const observation: Observation = {
    listeners: { get: chosen['get'], set: chosen['set'], delete: chosen['delete'] },
    active: true,
    busy: false,
  };
  const forwarding = new Forwarding(target);
  const proxy = new Proxy(target, {
    get(_, key, receiver) {
      const value = forwarding.read(key, receiver);
      report(observation, 'get', key, [key, value, target]);
      return forwarding.expose(key, value, receiver);
    },
    set(_, key, value, receiver) {
      // Reported are the writes that land on the target: one made on an object whose prototype
      // the proxy is lands on that object.
      const reported = receiver === proxy && wants(observation, 'set');
      const previous = reported ? storedValue(target, key) : undefined;
      const done = forwarding.write(key, value, receiver);
      if (done && reported) report(observation, 'set', key, [key, value, previous, target]);
      return done;
    },
    deleteProperty(_, key) {
      const own = wants(observation, 'delete')
        ? Reflect.getOwnPropertyDescriptor(target, key)
        : undefined;
      const done = Reflect.deleteProperty(target, key);
      if (done && own !== undefined) {
        report(observation, 'delete', key, [key, 'value' in own ? own.value : undefined, target]);
      }
      return done;
    },
  });
  forwarding.proxy = proxy;
  observations.set(proxy, observation);
  return proxy;
}

/**
 * Stops the reports of a proxy {@link observe} made: its listeners are no longer called, and the
 * proxy goes on behaving as its target. Returns `false` when it was stopped already.
 *
 * @example
 * ```ts
 * import { observe, unobserve } from 'hookline/proxy';
 * const config = observe(loadConfig(), { get: (key) => used.add(key) });
 * startServer(config);
 * unobserve(config); // true; config works on, unreported
 * ```
 *
 * @throws {TypeError} `ERR_HOOKLINE_INVALID_ARGUMENT` for anything but a proxy `observe` made
 * (its target, say).
 */
export function unobserve(proxy: object): boolean {
  const observation = observations.get(proxy);
  if (observation === undefined) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'unobserve(proxy)',
      expected: 'a proxy observe() returned',
      received: describeValue(proxy),
      fix: 'Pass what observe(target, listeners) returned, not its target.',
    });
  }
  const was = observation.active;
  observation.active = false;
  return was;
}

function wants(observation: Observation, kind: 'get' | 'set' | 'delete'): boolean {
  return observation.active && !observation.busy && observation.listeners[kind] !== undefined;
}

function report(
  observation: Observation,
  kind: 'get' | 'set' | 'delete',
  key: string | symbol,
  args: unknown[],
): void {
  if (!wants(observation, kind)) return;
  const listener = observation.listeners[kind] as Listener;
  observation.busy = true;
  try {
    Reflect.apply(listener, undefined, args);
  } catch (error) {
    const access = { get: 'read', set: 'write', delete: 'delete' }[kind];
    warn(
      `the observe ${kind} listener (${describeValue(listener)}) threw on the ${access} of ${describeKey(key)}; the ${access} went on`,
      error,
    );
  } finally {
    observation.busy = false;
  }
}

/**
 * The value `target[key]` holds before a write, found without running a getter (which may cost,
 * or change things): a data property's value, own or inherited; `undefined` for an accessor or
 * for no property.
 */
function storedValue(target: object, key: PropertyKey): unknown {
  for (let on: object | null = target; on !== null; on = Reflect.getPrototypeOf(on)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(on, key);
    if (descriptor !== undefined) return 'value' in descriptor ? descriptor.value : undefined;
  }
  return undefined;
}
