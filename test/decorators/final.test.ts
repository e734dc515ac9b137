// biome-ignore-all lint/complexity/noStaticOnlyClass: classes whose static members a decorator is tried on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { transformSync } from 'esbuild';
import { final } from 'hookline/decorators';
import { runNode } from '../helpers/run-node.js';

describe('final: a subclass cannot be instantiated', () => {
  test("the seed's B is final: C extends it, and new C() is refused", () => {
    class A {}
    @final
    class B extends A {}
    class C extends B {}
    assert.throws(
      () => new C(),
      (error: Error & { code?: string }) => {
        assert.equal(error.name, 'TypeError');
        assert.ok(error instanceof TypeError);
        assert.equal(error.code, 'ERR_HOOKLINE_FINAL_CLASS');
        assert.match(error.message, /^new C\(\): /);
        assert.match(error.message, /B is final/);
        assert.match(error.message, /C, which extends it/);
        assert.match(error.message, /take @final off it/);
        return true;
      },
    );
  });

  test('a subclass with a constructor of its own is refused at super()', () => {
    @final
    class B {}
    let reached = false;
    class C extends B {
      constructor() {
        reached = true;
        super();
      }
    }
    assert.throws(() => new C(), { code: 'ERR_HOOKLINE_FINAL_CLASS' });
    assert.equal(reached, true, 'the refusal comes at super(), the first point JavaScript tells');
    assert.throws(() => Reflect.construct(B, [], class Other {}), {
      code: 'ERR_HOOKLINE_FINAL_CLASS',
      message: /new Other\(\)/,
    });
  });

  test('the final class itself works as before', () => {
    class A {
      readonly kind = 'a';
    }
    @final
    class B extends A {
      static created = 0;
      static make(): B {
        B.created++;
        return new B(2);
      }
      #secret: number;
      constructor(secret: number) {
        super();
        this.#secret = secret;
      }
      get secret(): number {
        return this.#secret;
      }
    }
    const b = new B(1);
    assert.equal(b.secret, 1, 'instance private fields');
    assert.equal(b.kind, 'a');
    assert.ok(b instanceof B);
    assert.ok(b instanceof A);
    assert.equal(B.name, 'B');
    assert.equal(b.constructor, B);
    assert.equal(B.make().secret, 2, 'static methods, and new B() inside the class');
    assert.equal(B.created, 1, 'static fields');
    assert.equal(Object.getPrototypeOf(b), B.prototype);
  });

  test('new.target in the constructor is the final class', () => {
    let seen: unknown;
    @final
    class B {
      constructor() {
        seen = new.target;
      }
    }
    new B();
    assert.equal(seen, B);
  });

  test('static #private members: TypeScript-compiled @final works; a native class through final(cls) does not', () => {
    @final
    class Counter {
      static #count = 0;
      static nextThroughThis(): number {
        // biome-ignore lint/complexity/noThisInStatic: `this` is the proxy here, which is the point.
        this.#count++;
        // biome-ignore lint/complexity/noThisInStatic: as above.
        return this.#count;
      }
      static nextThroughName(): number {
        Counter.#count++;
        return Counter.#count;
      }
    }
    // TypeScript compiles the private static to a check against the class the decorator returned.
    assert.equal(Counter.nextThroughThis(), 1);
    assert.equal(Counter.nextThroughName(), 2);

    class NativeCounter {
      static #count = 0;
      static next(): number {
        // biome-ignore lint/complexity/noThisInStatic: `this` is the proxy here, which is the point.
        this.#count++;
        // biome-ignore lint/complexity/noThisInStatic: as above.
        return this.#count;
      }
    }
    const FinalCounter = final(NativeCounter);
    // Here `this` is the proxy, which JavaScript's own private fields do not see through.
    assert.throws(() => FinalCounter.next(), TypeError);
    assert.equal(NativeCounter.next(), 1, 'the class itself still works');
  });

  test('static #private members compiled by esbuild (tsx): through the class name they work, through this they throw', () => {
    const source = `
      import { final } from 'hookline/decorators';
      @final
      class Single {
        static #instance: Single | undefined;
        static throughName(): Single {
          return (Single.#instance ??= new Single());
        }
        static throughThis(): Single {
          return (this.#instance ??= new Single());
        }
      }
      console.log(Single.throughName() === Single.throughName());
      try {
        Single.throughThis();
      } catch (error) {
        console.log((error as Error).message);
      }
    `;
    // esbuild keeps #private native, and the name inside the class is the class as declared.
    const { code } = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20' });
    const result = runNode(['--input-type=module', '-e', code]);
    assert.equal(result.stderr, '');
    assert.equal(
      result.stdout,
      'true\nCannot read private member #instance from an object whose class did not declare it\n',
    );
  });

  test('final(cls) as a plain call returns the final class', () => {
    class Plain {}
    const Final = final(Plain);
    assert.ok(new Final() instanceof Plain);
    class Sub extends Final {}
    assert.throws(() => new Sub(), { code: 'ERR_HOOKLINE_FINAL_CLASS' });
  });

  test('on anything but a class it is refused as the class is defined', () => {
    const anyUse = final as unknown as (value: unknown, context: unknown) => void;
    assert.throws(
      () => {
        class Shape {
          @anyUse
          area(): number {
            return 0;
          }
        }
        return Shape;
      },
      {
        code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
        message:
          /^@final on the method "area": Expected a class but got a method\. Write @final on the class itself/,
      },
    );
    assert.throws(() => final((() => undefined) as unknown as new () => object), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /final\(cls\): Expected a class/,
    });
  });
});
