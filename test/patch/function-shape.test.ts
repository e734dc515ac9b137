import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { patch, spy } from 'hookline/patch';

const passThrough = (original: Function, self: unknown, args: unknown[], newTarget?: Function) =>
  newTarget ? Reflect.construct(original, args, newTarget) : Reflect.apply(original, self, args);

describe('a wrapped function keeps the shape of the original', () => {
  test('name, length and own properties, including symbols', () => {
    function fetchUser(_id: string, _options: object) {
      return 'user';
    }
    fetchUser.cacheSize = 10;
    const custom = promisify.custom;
    Object.defineProperty(fetchUser, custom, { value: 'custom', enumerable: false });
    const api = { fetchUser };
    using _ = patch(api, 'fetchUser', passThrough);
    assert.notEqual(api.fetchUser, fetchUser);
    assert.equal(api.fetchUser.name, 'fetchUser');
    assert.equal(api.fetchUser.length, 2);
    assert.equal(api.fetchUser.cacheSize, 10);
    assert.equal((api.fetchUser as unknown as Record<symbol, unknown>)[custom], 'custom');
    assert.deepEqual(Reflect.ownKeys(api.fetchUser), Reflect.ownKeys(fetchUser));
  });

  test('a class: new goes through the wrapper with self undefined and newTarget set', () => {
    class Point {
      static origin = 'o';
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
      norm() {
        return Math.hypot(this.x, this.y);
      }
    }
    const geometry = { Point };
    const seen: unknown[] = [];
    using _ = patch(geometry, 'Point', (original, self, args, newTarget) => {
      seen.push(self, newTarget);
      return Reflect.construct(original, args, newTarget as Function);
    });
    const p = new geometry.Point(3, 4);
    assert.deepEqual(seen, [undefined, geometry.Point]);
    assert.equal(p.norm(), 5);
    assert.ok(p instanceof Point);
    assert.ok(p instanceof geometry.Point);
    assert.equal(geometry.Point.prototype, Point.prototype);
    assert.equal(geometry.Point.origin, 'o');
    assert.equal(geometry.Point.name, 'Point');
  });

  test('a subclass of a wrapped class constructs through the wrapper', () => {
    class Base {
      readonly kind = 'base';
    }
    const mod = { Base };
    let constructed = 0;
    using _ = patch(mod, 'Base', (original, _self, args, newTarget) => {
      constructed++;
      return Reflect.construct(original, args, newTarget as Function);
    });
    class Child extends mod.Base {}
    const child = new Child();
    assert.equal(constructed, 1);
    assert.ok(child instanceof Child);
    assert.ok(child instanceof Base);
    assert.equal(child.kind, 'base');
  });

  test('inherited statics still resolve (the prototype chain is kept)', () => {
    class Parent {
      static create() {
        return 'created';
      }
      readonly id = 1;
    }
    class Derived extends Parent {}
    const mod = { Derived };
    using _ = patch(mod, 'Derived', passThrough);
    assert.equal(mod.Derived.create(), 'created');
    assert.equal(Object.getPrototypeOf(mod.Derived), Parent);
  });

  test('an arrow function or method stays not constructible and has no prototype', () => {
    const tools = {
      arrow: () => 1,
      method() {
        return 2;
      },
    };
    using _a = patch(tools, 'arrow', passThrough);
    using _m = spy(tools, 'method');
    for (const fn of [tools.arrow, tools.method]) {
      assert.equal(Object.hasOwn(fn, 'prototype'), false);
      assert.throws(() => new (fn as unknown as new () => unknown)(), TypeError);
    }
    assert.equal(tools.arrow(), 1);
    assert.equal(tools.method(), 2);
  });

  test('this is the receiver for methods, also inherited ones patched on the prototype', () => {
    class Account {
      constructor(readonly balance: number) {}
      describe() {
        return `balance ${this.balance}`;
      }
    }
    class Savings extends Account {}
    const receivers: unknown[] = [];
    using _ = patch(Account.prototype, 'describe', (original, self, args) => {
      receivers.push(self);
      return original.apply(self, args);
    });
    const savings = new Savings(7);
    assert.equal(savings.describe(), 'balance 7');
    assert.deepEqual(receivers, [savings]);
  });

  test('an async function: the wrapper sees the very promise the original returned', async () => {
    let made: Promise<number> | undefined;
    const api = {
      load(): Promise<number> {
        made = Promise.resolve(42);
        return made;
      },
    };
    let seen: unknown;
    using _ = patch(api, 'load', (original, self, args) => {
      seen = original.apply(self, args);
      return seen as Promise<number>;
    });
    const result = api.load();
    assert.equal(result, made);
    assert.equal(seen, made);
    assert.equal(await result, 42);
  });

  test('a getter and a setter can be wrapped', () => {
    class Temperature {
      #celsius = 20;
      get celsius() {
        return this.#celsius;
      }
      set celsius(value: number) {
        this.#celsius = value;
      }
    }
    const t = new Temperature();
    const sets: number[] = [];
    using _g = patch(
      Temperature.prototype,
      'celsius',
      (original, self) => original.call(self) + 1,
      {
        accessor: 'get',
      },
    );
    using _s = patch(
      Temperature.prototype,
      'celsius',
      (original, self, [value]) => {
        sets.push(value);
        original.call(self, value);
      },
      { accessor: 'set' },
    );
    assert.equal(t.celsius, 21);
    t.celsius = 30;
    assert.deepEqual(sets, [30]);
    assert.equal(t.celsius, 31);
  });
});
