import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Patch, patch, replace, spy } from 'hookline/patch';
import shimmer from 'shimmer';
import sinon from 'sinon';
import { ownDescriptors } from '../helpers/descriptors.js';

type Target = { greet(name: string): string };
const makeTarget = (): Target => ({ greet: (name) => `hello ${name}` });
const tag = (label: string) => (original: Function, self: unknown, args: unknown[]) =>
  `${label}(${Reflect.apply(original, self, args)})`;

/** Wraps `target.greet` with shimmer, the way OpenTelemetry instrumentations do. */
function shimmerWrap(target: Target): void {
  shimmer.wrap(
    target,
    'greet',
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        return `shimmer(${Reflect.apply(original, this, args)})`;
      },
  );
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('patches stack, and restore in any order', () => {
  for (const order of permutations([0, 1, 2, 3])) {
    test(`four layers restored in the order ${order.join(', ')}`, () => {
      const target = makeTarget();
      const before = ownDescriptors(target);
      const labels = ['A', 'B', 'C', 'D'];
      const layers = labels.map((label) => patch(target, 'greet', tag(label)));
      assert.equal(target.greet('x'), 'D(C(B(A(hello x))))');
      const live = new Set(labels);
      for (const index of order) {
        (layers[index] as Patch).restore();
        live.delete(labels[index] as string);
        const expected = labels
          .filter((l) => live.has(l))
          .reduce((inner, label) => `${label}(${inner})`, 'hello x');
        assert.equal(target.greet('x'), expected);
      }
      assert.deepEqual(ownDescriptors(target), before);
    });
  }

  test('taking out a middle layer gives the property the layer below, not a stale one', () => {
    const target = makeTarget();
    const a = patch(target, 'greet', tag('A'));
    const afterA = target.greet;
    const b = patch(target, 'greet', tag('B'));
    b.restore();
    assert.equal(target.greet, afterA);
    a.restore();
  });

  test('a replace in the middle: the patch above wraps what is below once it is restored', () => {
    const target = makeTarget();
    const a = patch(target, 'greet', tag('A'));
    const r = replace(target, 'greet', () => 'stub');
    const c = patch(target, 'greet', tag('C'));
    assert.equal(target.greet('x'), 'C(stub)');
    r.restore();
    assert.equal(target.greet('x'), 'C(A(hello x))');
    a.restore();
    assert.equal(target.greet('x'), 'C(hello x)');
    c.restore();
    assert.equal(target.greet('x'), 'hello x');
  });

  test('spies and patches mix', () => {
    const target = makeTarget();
    const s = spy(target, 'greet');
    const p = patch(target, 'greet', tag('P'));
    assert.equal(target.greet('y'), 'P(hello y)');
    s.restore();
    assert.equal(target.greet('y'), 'P(hello y)');
    assert.equal(s.calls.length, 1, 'a restored spy records nothing more');
    p.restore();
  });
});

describe('with another patcher on top', () => {
  test('shimmer above: restoring ours keeps theirs, and ours becomes a pass-through', () => {
    const target = makeTarget();
    const before = ownDescriptors(target);
    const ours = patch(target, 'greet', tag('ours'));
    shimmerWrap(target);
    assert.equal(target.greet('z'), 'shimmer(ours(hello z))');
    ours.restore();
    assert.equal(target.greet('z'), 'shimmer(hello z)');
    shimmer.unwrap(target, 'greet');
    assert.equal(target.greet('z'), 'hello z');
    // The next hookline operation on the property tidies the pass-through away.
    patch(target, 'greet', tag('again')).restore();
    assert.deepEqual(ownDescriptors(target), before);
  });

  test('sinon above: restoring ours keeps the stub working through ours', () => {
    const target = makeTarget();
    const ours = spy(target, 'greet');
    const stub = sinon.stub(target, 'greet').callThrough();
    target.greet('a');
    assert.equal(stub.callCount, 1);
    assert.equal(ours.calls.length, 1);
    ours.restore();
    assert.equal(target.greet('b'), 'hello b');
    assert.equal(stub.callCount, 2);
    assert.equal(ours.calls.length, 1);
    stub.restore();
    assert.equal(target.greet('c'), 'hello c');
  });

  test('a plain assignment above: restoring ours does not clobber it', () => {
    const target = makeTarget();
    const ours = patch(target, 'greet', tag('ours'));
    const theirs = (name: string) => `theirs ${name}`;
    target.greet = theirs;
    ours.restore();
    assert.equal(target.greet, theirs);
  });

  test('shimmer below: ours wraps it and restores to it, then shimmer unwraps cleanly', () => {
    const target = makeTarget();
    const before = ownDescriptors(target);
    shimmerWrap(target);
    const wrappedByShimmer = target.greet;
    const ours = patch(target, 'greet', tag('ours'));
    assert.equal(target.greet('q'), 'ours(shimmer(hello q))');
    ours.restore();
    assert.equal(target.greet, wrappedByShimmer);
    shimmer.unwrap(target, 'greet');
    assert.equal(target.greet('q'), 'hello q');
    assert.equal(ownDescriptors(target).get('greet')?.value, before.get('greet')?.value);
  });
});

test('a numeric key and its string are one property, with one stack', () => {
  const original = () => 'original';
  const handlers = [original];
  const before = ownDescriptors(handlers);
  const a = patch(handlers, 0, (below) => `A(${below()})`);
  const byName = handlers as unknown as Record<string, () => string>;
  const b = patch(byName, '0', (below) => `B(${below()})`);
  assert.equal(handlers[0]?.(), 'B(A(original))');
  a.restore();
  assert.equal(handlers[0]?.(), 'B(original)');
  b.restore();
  assert.equal(handlers[0], original);
  assert.deepEqual(ownDescriptors(handlers), before);
});
