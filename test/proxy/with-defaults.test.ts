import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { observe, withDefaults } from 'hookline/proxy';

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

test('the seed: a missing attribute of a third-party point is answered by the fallback (p.z is "z"), and with observe around it every access is audited as in the talk', () => {
  const printed: string[] = [];
  const handled = withDefaults(new Point(1, 2), (item) => {
    printed.push(`** handling :${item}`);
    return item;
  });
  const p = observe(handled, { get: (item) => printed.push(`** accessing :${String(item)}`) });
  printed.push(String(p.x));
  printed.push(String(p.y));
  printed.push(String(p['z']));
  assert.deepEqual(printed, [
    '** accessing :x',
    '1',
    '** accessing :y',
    '2',
    '** handling :z',
    '** accessing :z',
    'z',
  ]);
  assert.ok(p instanceof Point);
});

test('a property the target has, own or inherited, is read as usual, even when its value is undefined; the fallback gets the key and the target at each read of a missing one', () => {
  const calls: unknown[][] = [];
  const target = { here: undefined, zero: 0 };
  const proxy = withDefaults(target, (...args) => {
    calls.push(args);
    return 'default';
  });
  assert.equal(proxy.here, undefined);
  assert.equal(proxy.zero, 0);
  assert.equal(proxy.hasOwnProperty, Object.prototype.hasOwnProperty);
  assert.equal(proxy['missing'], 'default');
  assert.equal(proxy['missing'], 'default');
  assert.deepEqual(calls, [
    ['missing', target],
    ['missing', target],
  ]);
});

test('writes, deletes, in and Object.keys are the target’s: only reads are answered; storing in the fallback makes a defaultdict', () => {
  const target: Record<string, number[]> = {};
  const groups = withDefaults(target, (key, on) => {
    on[key] = [];
    return on[key];
  });
  assert.equal('a' in groups, false);
  groups['a']?.push(1);
  groups['a']?.push(2);
  groups['b'] = [3];
  assert.deepEqual(target, { a: [1, 2], b: [3] });
  assert.deepEqual(Object.keys(groups), ['a', 'b']);
  delete groups['b'];
  assert.deepEqual(Object.keys(target), ['a']);
});

test('the keys the runtime reads to tell what an object is are never answered, even by a fallback that makes a function of every name: await, template strings, String, JSON.stringify, console.log and util.inspect, spreading, using', async () => {
  const asked: string[] = [];
  // An RPC stub's fallback: any name is a remote method.
  const remote = withDefaults({ id: 7 }, (name) => {
    asked.push(name);
    return () => `called ${name}`;
  });
  assert.equal(remote['greet']?.(), 'called greet');
  assert.equal(await remote, remote);
  assert.equal(await Promise.resolve(remote), remote);
  assert.equal(`${remote}`, '[object Object]');
  assert.equal(String(remote), '[object Object]');
  // biome-ignore lint/style/useTemplate: + converts with the "default" hint, a template with "string".
  assert.equal(remote + '', '[object Object]');
  assert.equal(JSON.stringify(remote), '{"id":7}');
  // Node 26's inspect names a proxy as one: `Proxy({ id: 7 })`.
  assert.match(inspect(remote), /^(?:Proxy\()?\{ id: 7 \}\)?$/);
  assert.equal(Object.prototype.toString.call(remote), '[object Object]');
  assert.deepEqual({ ...remote }, { id: 7 });
  assert.equal(remote.constructor, Object);
  assert.throws(() => [...(remote as unknown as Iterable<unknown>)], /is not iterable/);
  assert.deepEqual([1].concat(remote as unknown as number), [1, remote]);
  assert.equal('abc'.includes(remote as unknown as string), false);
  assert.throws(() => {
    using _ = remote as unknown as Disposable;
  }, /not disposable/);
  assert.deepEqual(asked, ['greet']);
});

test('a null-prototype target converts to a string as it does without the proxy: the fallback is not asked for toString or valueOf', () => {
  const asked: string[] = [];
  const bare = withDefaults(Object.create(null) as Record<string, unknown>, (name) => {
    asked.push(name);
    return () => name;
  });
  assert.throws(() => String(bare), /Cannot convert object to primitive value/);
  assert.equal(bare['then'], undefined);
  assert.equal(bare['toJSON'], undefined);
  assert.equal(JSON.stringify(bare), '{}');
  assert.deepEqual(asked, []);
});

test('methods of a Map or a class with #private fields work through it; what the fallback throws is what the read throws', () => {
  const map = withDefaults(new Map([['a', 1]]), () => 0);
  assert.equal(map.get('a'), 1);
  assert.equal(map.set('b', 2), map);
  assert.equal(map.size, 2);
  assert.equal(map['missing'], 0);

  class Secret {
    #value = 'hidden';
    reveal() {
      return this.#value;
    }
  }
  const secret = withDefaults(new Secret(), () => undefined);
  assert.equal(secret.reveal(), 'hidden');

  const strict = withDefaults({ known: 1 }, (key) => {
    throw new RangeError(`no attribute ${key}`);
  });
  assert.equal(strict.known, 1);
  assert.throws(() => strict['unknown'], { name: 'RangeError', message: 'no attribute unknown' });
});
