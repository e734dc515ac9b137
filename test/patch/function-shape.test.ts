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

  test('a class: new goes through the wrapper with self undefined and newTarget the class', () => {
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
    assert.deepEqual(seen, [undefined, Point]);
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

describe('a constructor sees the new.target it would see without the patch', () => {
  class Shape {
    readonly kind: string;
    constructor() {
      if (new.target === Shape) throw new TypeError('Shape is abstract');
      this.kind = new.target.name;
    }
  }
  class Circle extends Shape {}

  test('an abstract-class guard still refuses, and subclasses still name themselves', () => {
    const mod = { Shape, Circle };
    using _spy = spy(mod, 'Shape');
    using _patch = patch(mod, 'Circle', passThrough);
    assert.throws(() => new mod.Shape(), /Shape is abstract/);
    assert.equal(new mod.Circle().kind, 'Circle');
    class Square extends mod.Shape {}
    assert.equal(new Square().kind, 'Square');
    assert.ok(new Square() instanceof Shape);
  });

  test('a registry keyed by new.target finds the class', () => {
    const renderers = new Map<Function, string>();
    class Widget {
      readonly renderer: string;
      constructor() {
        this.renderer = renderers.get(new.target) ?? 'none';
      }
    }
    renderers.set(Widget, 'widget renderer');
    const mod = { Widget };
    using _ = spy(mod, 'Widget');
    assert.equal(new mod.Widget().renderer, 'widget renderer');
  });

  test('a bound class: instances are of the class, and no prototype appears on it', () => {
    class Point {
      constructor(readonly x: number) {}
      norm() {
        return Math.abs(this.x);
      }
    }
    const mod = { Point: Point.bind(null) as unknown as typeof Point };
    for (const install of [() => patch(mod, 'Point', passThrough), () => spy(mod, 'Point')]) {
      using _ = install();
      const point = new mod.Point(-3);
      assert.ok(point instanceof Point);
      assert.equal(point.norm(), 3);
      assert.equal(Object.hasOwn(mod.Point, 'prototype'), false);
    }
  });
});

describe('own properties are shared with the original', () => {
  test('a static the original updates is seen through the wrapper', () => {
    class Counter {
      static created = 0;
      constructor() {
        Counter.created++;
      }
    }
    const mod = { Counter };
    using _ = spy(mod, 'Counter');
    new mod.Counter();
    new mod.Counter();
    assert.equal(mod.Counter.created, 2);
  });

  test('a property set through the wrapper is set on the original, and stays after restore', () => {
    function fetchLike() {
      return fetchLike.timeout;
    }
    fetchLike.timeout = 1000;
    const mod = { fetchLike };
    const handle = patch(mod, 'fetchLike', passThrough);
    mod.fetchLike.timeout = 5;
    assert.equal(mod.fetchLike(), 5);
    handle.restore();
    assert.equal(mod.fetchLike.timeout, 5);
  });

  test('a generator function keeps its own prototype', () => {
    function* numbers() {
      yield 1;
    }
    const mod = { numbers };
    using _ = patch(mod, 'numbers', passThrough);
    assert.equal(Object.hasOwn(mod.numbers, 'prototype'), true);
    assert.equal(mod.numbers.prototype, numbers.prototype);
    assert.deepEqual([...mod.numbers()], [1]);
  });
});

test('patching one half of an inherited accessor leaves the other half live', () => {
  class Temperature {
    #celsius = 0;
    get celsius() {
      return this.#celsius;
    }
    set celsius(value: number) {
      this.#celsius = value;
    }
  }
  const reading = new Temperature();
  using _getter = patch(reading, 'celsius', (original, self) => original.call(self), {
    accessor: 'get',
  });
  // Instrumented on the class after the instance's getter was patched: still reached.
  using writes = spy(Temperature.prototype, 'celsius', { accessor: 'set' });
  reading.celsius = 21;
  assert.deepEqual(
    writes.calls.map((call) => call.args),
    [[21]],
  );
  assert.equal(reading.celsius, 21);
});
