import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Patch, patch, replace, restoreAll, type Spy, spy } from 'hookline/patch';
import { ownDescriptors } from '../helpers/descriptors.js';

// A model-based property test: random sequences of patch / replace / spy / restore / restoreAll on
// targets of every kind. After each step, calling the property must give what a simple model of
// the layer stack says (each active layer wraps the next active one below it), every spy must
// have seen exactly the calls that reached it, and at the end every target must be exactly as it
// started: same own descriptors, nothing left on instances.

type TargetKind = 'own' | 'hidden' | 'inherited' | 'lazy' | 'accessor';
const targetKinds: readonly TargetKind[] = ['own', 'hidden', 'inherited', 'lazy', 'accessor'];

interface Fixture {
  readonly target: Record<string, unknown>;
  /** Objects whose own properties must come back exactly: the target and its prototype. */
  readonly watched: readonly object[];
  /** Reads the property the way a caller would: calls the function, or reads the getter. */
  read(): string;
}

function makeFixture(kind: TargetKind): Fixture {
  const base = () => 'base';
  switch (kind) {
    case 'own': {
      const target = { f: base };
      return { target, watched: [target], read: () => target.f() };
    }
    case 'hidden': {
      const target = {};
      Object.defineProperty(target, 'f', {
        value: base,
        writable: false,
        enumerable: false,
        configurable: true,
      });
      return { target, watched: [target], read: () => (target as { f: () => string }).f() };
    }
    case 'inherited': {
      class Service {
        f() {
          return 'base';
        }
      }
      const target = new Service();
      return {
        target: target as never,
        watched: [target, Service.prototype],
        read: () => target.f(),
      };
    }
    case 'lazy': {
      const target = {};
      Object.defineProperty(target, 'f', { get: () => base, enumerable: true, configurable: true });
      return { target, watched: [target], read: () => (target as { f: () => string }).f() };
    }
    case 'accessor': {
      const target = {};
      Object.defineProperty(target, 'f', {
        get: () => 'base',
        set: () => {},
        enumerable: false,
        configurable: true,
      });
      return { target, watched: [target], read: () => (target as { f: string }).f };
    }
  }
}

type LayerKind = 'patch' | 'spy' | 'replace';
type Step =
  | { readonly op: 'add'; readonly target: number; readonly kind: LayerKind }
  | { readonly op: 'restore'; readonly pick: number }
  | { readonly op: 'restoreAll' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      target: fc.nat(targetKinds.length - 1),
      kind: fc.constantFrom<LayerKind>('patch', 'spy', 'replace'),
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('restore' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restoreAll' as const) }) },
);

interface ModelLayer {
  readonly id: number;
  readonly kind: LayerKind;
  readonly handle: Patch | Spy;
  active: boolean;
  expectedCalls: number;
}

/** What reading the property gives with these layers, bottom first; counts calls reaching spies. */
function expectedRead(layers: readonly ModelLayer[], countCalls: boolean): string {
  const below = (top: number): string => {
    for (let i = top; i >= 0; i--) {
      const layer = layers[i] as ModelLayer;
      if (!layer.active) continue;
      if (layer.kind === 'replace') return `r${layer.id}`;
      if (layer.kind === 'spy') {
        if (countCalls) layer.expectedCalls++;
        return below(i - 1);
      }
      return `p${layer.id}(${below(i - 1)})`;
    }
    return 'base';
  };
  return below(layers.length - 1);
}

function addLayer(
  fixture: Fixture,
  kind: TargetKind,
  layerKind: LayerKind,
  id: number,
): Patch | Spy {
  const { target } = fixture;
  if (kind === 'accessor') {
    if (layerKind === 'spy') return spy(target, 'f', { accessor: 'get' });
    // A getter has no replace of its own kind here: a replaced value would turn the accessor
    // into a data property, which getter patches above could not wrap. Patch the getter instead.
    return patch(
      target,
      'f',
      (original, self) => `p${id}(${(original as () => string).call(self)})`,
      {
        accessor: 'get',
      },
    );
  }
  if (layerKind === 'spy') return spy(target, 'f');
  if (layerKind === 'replace') return replace(target, 'f', () => `r${id}`);
  return patch(
    target,
    'f',
    (original, self, args) => `p${id}(${Reflect.apply(original as Function, self, args)})`,
  );
}

test('random sequences of patch, replace, spy, restore and restoreAll leave every target exact', () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const fixtures = targetKinds.map(makeFixture);
      const before = fixtures.map((f) => f.watched.map(ownDescriptors));
      const stacks: ModelLayer[][] = targetKinds.map(() => []);
      const all: ModelLayer[] = [];
      let nextId = 0;
      try {
        for (const s of steps) {
          if (s.op === 'add') {
            const id = nextId++;
            const kind = targetKinds[s.target] as TargetKind;
            const layerKind = kind === 'accessor' && s.kind === 'replace' ? 'patch' : s.kind;
            const handle = addLayer(fixtures[s.target] as Fixture, kind, layerKind, id);
            const layer: ModelLayer = {
              id,
              kind: layerKind,
              handle,
              active: true,
              expectedCalls: 0,
            };
            stacks[s.target]?.push(layer);
            all.push(layer);
          } else if (s.op === 'restore') {
            const layer = all[s.pick % Math.max(all.length, 1)];
            if (layer) {
              layer.handle.restore();
              layer.active = false;
            }
          } else {
            restoreAll();
            for (const layer of all) layer.active = false;
          }
          for (const [i, fixture] of fixtures.entries()) {
            const layers = stacks[i] as ModelLayer[];
            assert.equal(fixture.read(), expectedRead(layers, true));
          }
          for (const layer of all) {
            assert.equal(layer.handle.active, layer.active);
            if (layer.kind === 'spy')
              assert.equal((layer.handle as Spy).calls.length, layer.expectedCalls);
          }
        }
      } finally {
        restoreAll();
      }
      for (const [i, fixture] of fixtures.entries()) {
        assert.equal(fixture.read(), 'base');
        assert.deepEqual(fixture.watched.map(ownDescriptors), before[i]);
      }
    }),
    { numRuns: 2_000 },
  );
});
