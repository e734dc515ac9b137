import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { captureOutput, patch, replace, restoreAll, sandbox, spy } from 'hookline/patch';

// hookline itself pushes to arrays, adds to sets, reads descriptors and takes reactions on
// promises. A spy or a patch on those builtins sees the program's calls, and only those.
describe('a spy or patch on a builtin that hookline uses itself', () => {
  test('spy(Array.prototype, "push") installs, records the program only, and restores', () => {
    const push = Array.prototype.push;
    const pushes = spy(Array.prototype, 'push');
    try {
      assert.equal(pushes.calls.length, 0, 'spy() itself is not recorded');
      const list = [1];
      assert.equal(list.push(2, 3), 3);
      assert.deepEqual(list, [1, 2, 3]);
      assert.equal(pushes.calls.length, 1);
      assert.equal(pushes.calls[0]?.self, list);
      assert.deepEqual(pushes.calls[0]?.args, [2, 3]);
    } finally {
      pushes.restore();
    }
    assert.equal(Array.prototype.push, push);
    assert.equal(pushes.calls.length, 1, 'restore() is not recorded');
  });

  test('Set.prototype.add and delete, and Reflect.getOwnPropertyDescriptor: no call of hookline recorded', () => {
    const adds = spy(Set.prototype, 'add');
    const deletes = spy(Set.prototype, 'delete');
    const reads = spy(Reflect, 'getOwnPropertyDescriptor');
    new Set<number>().add(1);
    Reflect.getOwnPropertyDescriptor({ a: 1 }, 'a');
    reads.restore();
    deletes.restore();
    adds.restore();
    assert.equal(adds.calls.length, 1);
    assert.equal(deletes.calls.length, 0);
    assert.equal(reads.calls.length, 1);
  });

  test('spy(Promise.prototype, "then"): the spy following a promise is not a call, nor a loop', async () => {
    const thens = spy(Promise.prototype, 'then');
    let settled: Promise<number>;
    try {
      settled = Promise.resolve(20).then((n) => n + 1);
    } finally {
      thens.restore();
    }
    assert.equal(await settled, 21);
    assert.equal(thens.calls.length, 1);
    assert.deepEqual(thens.calls[0]?.settled, { status: 'fulfilled', value: 21 });
  });

  test('a spy with { stack: true } on a String method records one call', () => {
    const slices = spy(String.prototype, 'slice', { stack: true });
    try {
      assert.equal('hookline'.slice(4), 'line');
    } finally {
      slices.restore();
    }
    assert.equal(slices.calls.length, 1);
    assert.match(slices.calls[0]?.stack ?? '', /builtins-hookline-uses/);
  });

  test("an array's iterator, Object.keys and includes: patch, spy, replace, captureOutput and a sandbox's call none of them as seen", () => {
    const api = { load: () => 'data', save: () => true };
    const iterations = spy(Array.prototype, Symbol.iterator);
    const keys = spy(Object, 'keys');
    const includes = spy(Array.prototype, 'includes');
    try {
      // With options, which are checked, and through a sandbox, which spreads its arguments.
      patch(api, 'load', (original) => original(), {}).restore();
      spy(api, 'save', { stack: false }).restore();
      replace(api, 'load', () => 'stub').restore();
      captureOutput({ echo: false }).restore();
      const box = sandbox();
      box.replace(api, 'load', () => 'stub');
      box.spy(api, 'save', { settle: true });
      box.patch(api, 'load', (original) => original());
      box.captureOutput({ stderr: false });
      box.restore();
    } finally {
      includes.restore();
      keys.restore();
      iterations.restore();
    }
    assert.equal(iterations.calls.length, 0);
    assert.equal(keys.calls.length, 0);
    assert.equal(includes.calls.length, 0);
    assert.equal(api.load(), 'data');
  });

  test('a patch wrapper or a spy on a builtin runs for the program, not for hookline', () => {
    let reversed = 0;
    const box = sandbox();
    box.patch(Array.prototype, 'reverse', (original, self, args) => {
      reversed++;
      return original.apply(self, args);
    });
    const splices = box.spy(Array.prototype, 'splice');
    box.captureOutput().restore();
    assert.deepEqual([1, 2].reverse(), [2, 1]);
    box.restore();
    assert.equal(reversed, 1, 'captureOutput and the sandbox reverse their lists unseen');
    assert.equal(splices.calls.length, 0);
    const reverses = spy(Array.prototype, 'reverse');
    captureOutput().restore();
    restoreAll();
    assert.equal(reverses.calls.length, 0);
    assert.equal(reverses.active, false);
  });
});
