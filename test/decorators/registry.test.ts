// biome-ignore-all lint/complexity/noStaticOnlyClass: classes whose static members a decorator is tried on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { final, registry } from 'hookline/decorators';

const names = (classes: Iterable<Function>) => [...classes].map((c) => c.name);

describe('registry: the leaf classes of a hierarchy', () => {
  test("the seed's colours: leaves in definition order, parents leaving as they get children", () => {
    @registry
    class Color {
      declare static readonly registry: ReadonlySet<typeof Color>;
    }
    assert.deepEqual(names(Color.registry), ['Color'], 'a hierarchy of one class has one leaf');
    @registry
    class Blue extends Color {}
    @registry
    class Red extends Color {}
    @registry
    class Green extends Color {}
    @registry
    class Yellow extends Color {}
    assert.deepEqual(names(Color.registry), ['Blue', 'Red', 'Green', 'Yellow']);
    @registry
    class PhthaloBlue extends Blue {}
    @registry
    class CeruleanBlue extends Blue {}
    assert.deepEqual(names(Color.registry), [
      'Red',
      'Green',
      'Yellow',
      'PhthaloBlue',
      'CeruleanBlue',
    ]);
    assert.equal(Blue.registry, Color.registry, 'one registry for the whole hierarchy');
    assert.ok(Color.registry.has(PhthaloBlue));
    assert.ok([Red, Green, Yellow].every((c) => Color.registry.has(c)));
    assert.ok(!Color.registry.has(Blue));
    assert.equal(Color.registry.size, 5);
    assert.ok(new CeruleanBlue() instanceof Color);
  });

  test('the registry is live and read-only', () => {
    @registry
    class Shape {
      declare static readonly registry: ReadonlySet<typeof Shape>;
    }
    const view = Shape.registry;
    @registry
    class Circle extends Shape {}
    assert.deepEqual(names(view), ['Circle']);
    const asSet = view as unknown as Partial<Set<Function>>;
    assert.equal(asSet.add, undefined);
    assert.equal(asSet.delete, undefined);
    assert.throws(() => {
      (Shape as unknown as { registry: unknown }).registry = new Set();
    }, TypeError);
    assert.equal(Shape.registry, view);
    const seen: Function[] = [];
    view.forEach((value) => {
      seen.push(value);
    });
    assert.deepEqual(seen, [Circle]);
    assert.deepEqual(names(view.keys()), ['Circle']);
    assert.equal(Object.prototype.toString.call(view), '[object Registry]');
  });

  test('a subclass without @registry is not listed and leaves its parent listed', () => {
    @registry
    class Animal {
      declare static readonly registry: ReadonlySet<typeof Animal>;
    }
    @registry
    class Dog extends Animal {}
    class Puppy extends Dog {}
    @registry
    class Corgi extends Puppy {}
    assert.deepEqual(names(Animal.registry), ['Corgi'], 'a registered grandchild replaces Dog');
    assert.ok(new Corgi() instanceof Dog);
    class Cat extends Animal {}
    assert.ok(!Animal.registry.has(Cat));
  });

  test('separate hierarchies have separate registries; registry(cls) works as a call', () => {
    class Base {}
    const Registered = registry(Base) as typeof Base & { registry: ReadonlySet<Function> };
    assert.equal(Registered, Base);
    class Other {}
    registry(Other);
    registry(class Sub extends Other {});
    assert.deepEqual(names(Registered.registry), ['Base']);
    assert.deepEqual(names((Other as unknown as { registry: Set<Function> }).registry), ['Sub']);
  });

  test('with @final written above or below it, the registry lists the class the program holds', () => {
    @registry
    class Color {
      declare static readonly registry: ReadonlySet<typeof Color>;
    }
    @final
    @registry
    class Red extends Color {}
    @registry
    @final
    class Blue extends Color {}
    assert.deepEqual(names(Color.registry), ['Red', 'Blue']);
    assert.ok(Color.registry.has(Red), '@final above @registry: the final class is listed');
    assert.ok(Color.registry.has(Blue));
    for (const Leaf of Color.registry) {
      const instance = new Leaf();
      assert.equal(instance.constructor, Leaf);
      assert.ok(instance instanceof Color);
    }
  });

  test('registering a class again changes nothing, the root included', () => {
    class Color {}
    class Blue extends Color {}
    class Light extends Blue {}
    registry(Color);
    registry(Blue);
    registry(Light);
    const view = (Color as unknown as { registry: ReadonlySet<Function> }).registry;
    assert.deepEqual(names(view), ['Light']);
    // Module code run again, or @registry and the call both: no class comes back, nothing throws.
    assert.equal(registry(Blue), Blue);
    assert.equal(registry(Color), Color);
    assert.equal(registry(Light), Light);
    assert.deepEqual(names(view), ['Light']);
    assert.equal((Color as unknown as { registry: unknown }).registry, view);
  });

  test('a class registered after a subclass of its own is no leaf', () => {
    class Color {}
    class Blue extends Color {}
    class Light extends Blue {}
    registry(Color);
    registry(Light);
    registry(Blue);
    assert.deepEqual(names((Color as unknown as { registry: ReadonlySet<Function> }).registry), [
      'Light',
    ]);
  });

  test('refused on anything but a class; a static registry of its own collides', () => {
    const anyUse = registry as unknown as (value: unknown, context: unknown) => void;
    assert.throws(
      () => {
        class Color {
          @anyUse
          static hue = 0;
        }
        return Color;
      },
      {
        code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
        message: /^@registry on the static field "hue": Expected a class but got a field/,
      },
    );
    // A static field is the class's own: refused as the class is defined, pointing to `declare`.
    assert.throws(
      () => {
        @registry
        class Color {
          static registry = [];
        }
        return Color;
      },
      {
        code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
        message:
          /^@registry on the class Color: .* but got a static registry already there: \[\]\. Declare its type alone \(declare static readonly registry: ReadonlySet<typeof Color>;\)/,
      },
    );
    class Own {
      static registry = 'mine';
    }
    assert.throws(() => registry(Own), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /a static registry already there: the string "mine"/,
    });
  });
});
