import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patch, replace, restoreAll, sandbox, spy } from 'hookline/patch';
import { ownDescriptors } from '../helpers/descriptors.js';

test('restoreAll restores every patch, newest first, and leaves the targets as they were', () => {
  class Base {
    inherited() {
      return 'base';
    }
  }
  const instance = new Base();
  const api = { call: () => 'call', value: 1 };
  const before = [ownDescriptors(instance), ownDescriptors(api)];
  const order: string[] = [];
  const handles = [
    patch(api, 'call', () => 'patched'),
    spy(api, 'call'),
    replace(api, 'value', 2),
    patch(instance, 'inherited', () => 'patched'),
    replace(api as Record<string, unknown>, 'added', true),
  ];
  for (const [i, handle] of handles.entries()) {
    const restore = handle.restore.bind(handle);
    handle.restore = () => {
      order.push(String(i));
      restore();
    };
  }
  restoreAll();
  assert.deepEqual(order, ['4', '3', '2', '1', '0']);
  assert.ok(handles.every((h) => !h.active));
  assert.deepEqual([ownDescriptors(instance), ownDescriptors(api)], before);
});

test('a sandbox restores only its own patches, and can be used again', () => {
  const api = { a: () => 'a', b: () => 'b' };
  const outside = patch(api, 'a', () => 'outside');
  const box = sandbox();
  box.patch(api, 'a', () => 'inside');
  const calls = box.spy(api, 'b');
  box.replace(api as Record<string, unknown>, 'c', 3);
  api.b();
  assert.equal(calls.calls.length, 1);
  box.restore();
  assert.equal(api.a(), 'outside');
  assert.equal(api.b, api.b);
  assert.equal('c' in api, false);
  box.patch(api, 'b', () => 'again');
  assert.equal(api.b(), 'again');
  box.restore();
  assert.equal(api.b(), 'b');
  outside.restore();
  assert.equal(api.a(), 'a');
});

test('a sandbox is disposable', () => {
  const api = { a: () => 'a' };
  {
    using box = sandbox();
    box.patch(api, 'a', () => 'inside');
    assert.equal(api.a(), 'inside');
  }
  assert.equal(api.a(), 'a');
});

test('a patch that cannot be restored does not stop the others; its error is thrown after', () => {
  const api = { a: () => 'a' };
  const { proxy, revoke } = Proxy.revocable({ f: (): string => 'f' }, {});
  const box = sandbox();
  box.patch(api, 'a', () => 'patched');
  box.patch(proxy, 'f', () => 'patched');
  box.replace(api as Record<string, unknown>, 'extra', 1);
  revoke();
  assert.throws(() => box.restore(), /revoked/);
  assert.equal(api.a(), 'a');
  assert.equal(Object.hasOwn(api, 'extra'), false);
});
