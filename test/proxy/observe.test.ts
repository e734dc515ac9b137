import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { observe, unobserve } from 'hookline/proxy';
import { runNode } from '../helpers/run-node.js';

/** A namedtuple-like point: two fields, frozen. */
class Point {
  readonly x: number;
  readonly y: number;
  constructor(x: number, y: number) {
    this.x = x;
    this.y = y;
    Object.freeze(this);
  }
}

/** What the listeners heard, one line each. */
function recorder<T extends object>() {
  const heard: string[] = [];
  const listeners = {
    get: (key: string | symbol, value: unknown) => {
      heard.push(`get ${String(key)} ${typeof value === 'function' ? 'fn' : String(value)}`);
    },
    set: (key: string | symbol, value: unknown, previous: unknown) => {
      heard.push(`set ${String(key)} ${String(previous)} → ${String(value)}`);
    },
    delete: (key: string | symbol, previous: unknown) => {
      heard.push(`delete ${String(key)} ${String(previous)}`);
    },
  };
  return { heard, listeners: listeners as Parameters<typeof observe<T>>[1] };
}

test('the seed: each read of an audited third-party point is reported with its key and value, and the reads return what the point holds', () => {
  const accessed: string[] = [];
  const p = observe(new Point(1, 2), {
    get: (key, value, target) => {
      assert.ok(target instanceof Point);
      accessed.push(`** accessing :${String(key)} = ${String(value)}`);
    },
  });
  assert.equal(p.x, 1);
  assert.equal(p.y, 2);
  assert.deepEqual(accessed, ['** accessing :x = 1', '** accessing :y = 2']);
  // A frozen point still refuses new attributes, through the proxy as without it.
  assert.throws(() => {
    (p as unknown as Record<string, number>)['z'] = 10;
  }, TypeError);
});

test('writes are reported with the value and the one held before, deletes of own properties with the value they held; an accessor is not run to find the value before', () => {
  let getterRuns = 0;
  const target = {
    a: 1,
    stored: 0,
    get computed() {
      getterRuns++;
      return this.stored;
    },
    set computed(value: number) {
      this.stored = value;
    },
  } as { a?: number; b?: number; stored: number; computed: number };
  const { heard, listeners } = recorder<typeof target>();
  const proxy = observe(target, listeners);
  proxy.a = 2;
  proxy.b = 3;
  proxy.computed = 5;
  delete proxy.a;
  delete proxy.b;
  delete (proxy as { missing?: number }).missing;
  assert.equal(getterRuns, 0);
  assert.deepEqual(heard, [
    'set a 1 → 2',
    'set b undefined → 3',
    'set computed undefined → 5',
    'delete a 2',
    'delete b 3',
  ]);
  assert.deepEqual(target, { stored: 5, computed: 5 });
});

test('the proxy behaves as its target: instanceof, Array.isArray, Object.keys, in, JSON.stringify, spreading, getters on the target, and as the prototype of another object', () => {
  class Temperature {
    celsius = 20;
    get fahrenheit() {
      return (this.celsius * 9) / 5 + 32;
    }
  }
  const { heard, listeners } = recorder<Temperature>();
  const proxy = observe(new Temperature(), listeners);
  assert.ok(proxy instanceof Temperature);
  assert.equal(Object.getPrototypeOf(proxy), Temperature.prototype);
  assert.deepEqual(Object.keys(proxy), ['celsius']);
  assert.ok('fahrenheit' in proxy);
  assert.equal(JSON.stringify(proxy), '{"celsius":20}');
  assert.deepEqual({ ...proxy }, { celsius: 20 });
  assert.equal(proxy.fahrenheit, 68);
  // The getter ran on the target: its own read of celsius is not one made through the proxy.
  assert.ok(heard.includes('get fahrenheit 68'));
  assert.ok(!heard.slice(heard.indexOf('get fahrenheit 68')).includes('get celsius 20'));

  // Inherited by another object, the getter runs on that object, as JavaScript has it.
  const child = Object.create(proxy) as Temperature;
  child.celsius = 100;
  assert.equal(child.fahrenheit, 212);
  assert.equal(proxy.celsius, 20);

  const list = observe([1, 2, 3], {});
  assert.ok(Array.isArray(list));
  assert.equal(JSON.stringify(list), '[1,2,3]');
  assert.deepEqual([...list], [1, 2, 3]);
});

test("methods of objects with internal slots and #private fields work through the proxy: Map, Set, Date, a class's; a fluent method returns the proxy", () => {
  const { heard, listeners } = recorder<Map<string, number>>();
  const map = observe(new Map([['a', 1]]), listeners);
  assert.equal(map.get('a'), 1);
  assert.equal(map.size, 1);
  assert.equal(map.set('b', 2).set('c', 3), map);
  assert.deepEqual(
    [...map],
    [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ],
  );
  assert.deepEqual([...map.keys()], ['a', 'b', 'c']);
  assert.ok(map instanceof Map);
  assert.equal(Object.prototype.toString.call(map), '[object Map]');
  assert.deepEqual(heard.slice(0, 5), [
    'get get fn',
    'get size 1',
    'get set fn',
    'get set fn',
    'get Symbol(Symbol.iterator) fn',
  ]);
  // The same method each time it is read.
  assert.equal(map.get, map.get);

  const set = observe(new Set([1]), {});
  assert.equal(set.add(2), set);
  assert.ok(set.has(2));
  assert.equal(set.size, 2);

  const date = observe(new Date(0), {});
  assert.equal(date.getTime(), 0);
  assert.equal(date.toISOString(), '1970-01-01T00:00:00.000Z');
  assert.equal(JSON.stringify({ date }), '{"date":"1970-01-01T00:00:00.000Z"}');
  assert.equal(`${date}`, String(new Date(0)));
  assert.equal(+date, 0);
  assert.ok(date instanceof Date);

  class Counter {
    #count = 0;
    static #made = 0;
    constructor() {
      Counter.#made++;
    }
    increment(): this {
      this.#count++;
      return this;
    }
    get count(): number {
      return this.#count;
    }
    set count(value: number) {
      this.#count = value;
    }
    static made(): number {
      return Counter.#made;
    }
  }
  const counter = observe(new Counter(), {});
  assert.equal(counter.increment().increment(), counter);
  assert.equal(counter.count, 2);
  counter.count = 10;
  assert.equal(counter.count, 10);
  assert.equal(Counter.made(), 1);

  const promise = observe(Promise.resolve(7), {});
  return promise.then((value) => assert.equal(value, 7));
});

test("Array.prototype's methods run on the proxy, so each index they read and write is reported", () => {
  const { heard, listeners } = recorder<number[]>();
  const list = observe([3, 1, 2], listeners);
  list.push(4);
  assert.deepEqual(
    heard.filter((line) => line.startsWith('set')),
    ['set 3 undefined → 4', 'set length 4 → 4'],
  );
  heard.length = 0;
  assert.deepEqual(
    list.map((n) => n * 2),
    [6, 2, 4, 8],
  );
  assert.ok(
    heard.includes('get 0 3') && heard.includes('get 3 4') && heard.includes('get length 4'),
  );
});

test('a function stored on the target itself is handed out as it is (its identity kept) and runs with this the proxy; so is constructor', () => {
  const onData = () => 'data';
  const target = {
    onData,
    base: 'https://example.org',
    url(path: string) {
      return `${this.base}/${path}`;
    },
  };
  const { heard, listeners } = recorder<typeof target>();
  const proxy = observe(target, listeners);
  assert.equal(proxy.onData, onData);
  assert.equal(proxy.constructor, Object);
  assert.equal(observe(new Map(), {}).constructor, Map);
  assert.equal(proxy.url('a'), 'https://example.org/a');
  assert.deepEqual(heard.slice(-2), ['get url fn', 'get base https://example.org']);
});

test('a listener that throws is reported as a HooklineWarning with the error as cause, and the access goes on', async () => {
  const boom = new Error('boom');
  const proxy = observe(
    { x: 1 },
    {
      get: () => {
        throw boom;
      },
    },
  );
  const warned = once(process, 'warning') as Promise<[Error]>;
  assert.equal(proxy.x, 1);
  const [warning] = await warned;
  assert.equal(warning.name, 'HooklineWarning');
  assert.equal(warning.cause, boom);
  assert.match(
    warning.message,
    /^the observe get listener \(function get\) threw on the read of "x"; the read went on \(boom\)$/,
  );
});

test('the warning of a throwing listener is printed by Node like any other, and the program goes on', () => {
  const result = runNode([
    '--input-type=module',
    '-e',
    `import { observe } from 'hookline/proxy';
const point = observe({ x: 1 }, { set() { throw new TypeError('listener failed'); } });
point.x = 2;
console.log('x is', point.x);`,
  ]);
  assert.equal(result.stdout, 'x is 2\n');
  assert.match(
    result.stderr,
    /HooklineWarning: the observe set listener \(function set\) threw on the write of "x"; the write went on \(listener failed\)/,
  );
  assert.equal(result.status, 0);
});

test('what a listener does through the proxy itself is not reported, so a listener that shows the proxy does not call itself for ever', () => {
  const heard: string[] = [];
  const proxy: { x: number; y: number } = observe(
    { x: 1, y: 2 },
    {
      get: (key) => {
        heard.push(`${String(key)} (${proxy.x + proxy.y})`);
      },
    },
  );
  assert.equal(proxy.y, 2);
  assert.deepEqual(heard, ['y (3)']);
});

test('console.log and util.inspect show the target and report no read', () => {
  const { heard, listeners } = recorder<{ x: number }>();
  const proxy = observe({ x: 1 }, listeners);
  // Node 26's inspect names a proxy as one: `Proxy({ x: 1 })`.
  assert.match(inspect(proxy), /^(?:Proxy\()?\{ x: 1 \}\)?$/);
  assert.deepEqual(heard, []);
});

test('unobserve stops the reports, the proxy working on as its target; a second call says it was stopped already; the target is refused', () => {
  const { heard, listeners } = recorder<Map<string, number>>();
  const map = observe(new Map([['a', 1]]), listeners);
  map.get('a');
  assert.equal(unobserve(map), true);
  assert.equal(unobserve(map), false);
  assert.equal(map.get('a'), 1);
  assert.equal(map.set('b', 2), map);
  assert.deepEqual(heard, ['get get fn']);
  const target = {};
  observe(target, {});
  assert.throws(() => unobserve(target), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message:
      /^unobserve\(proxy\): Expected a proxy observe\(\) returned but got \{\}\. Pass what observe/,
  });
});

test('the listeners are taken when observe is called: changing the object afterwards changes nothing', () => {
  const heard: string[] = [];
  const listeners: { get?: (key: string | symbol) => void } = {
    get: (key) => heard.push(String(key)),
  };
  const proxy = observe({ a: 1 }, listeners);
  delete listeners.get;
  proxy.a;
  assert.deepEqual(heard, ['a']);
});
