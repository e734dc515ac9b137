import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { patch, replace, spy } from 'hookline/patch';
import { ownDescriptors } from '../helpers/descriptors.js';
import { runNode } from '../helpers/run-node.js';

const passThrough = (original: Function, self: unknown, args: unknown[]) =>
  Reflect.apply(original, self, args);

describe('restore puts the property back exactly', () => {
  for (const writable of [true, false]) {
    for (const enumerable of [true, false]) {
      test(`an own method: writable ${writable}, enumerable ${enumerable}, configurable`, () => {
        const target = {};
        const method = () => 'original';
        Object.defineProperty(target, 'method', {
          value: method,
          writable,
          enumerable,
          configurable: true,
        });
        const before = ownDescriptors(target);
        const p = patch(target as { method: () => string }, 'method', passThrough);
        assert.notEqual((target as { method: unknown }).method, method);
        p.restore();
        assert.deepEqual(ownDescriptors(target), before);
        assert.equal(p.active, false);
      });
    }
  }

  test('a non-configurable but writable method is patched by value and restored', () => {
    const target = {};
    const method = () => 'original';
    Object.defineProperty(target, 'method', {
      value: method,
      writable: true,
      enumerable: false,
      configurable: false,
    });
    const before = ownDescriptors(target);
    const p = patch(target as { method: () => string }, 'method', () => 'patched');
    assert.equal((target as { method: () => string }).method(), 'patched');
    p.restore();
    assert.deepEqual(ownDescriptors(target), before);
  });

  test('an inherited method comes back inherited: no own property is left behind', () => {
    class Service {
      run() {
        return 'run';
      }
    }
    const service = new Service();
    const p = patch(service, 'run', () => 'patched');
    assert.equal(service.run(), 'patched');
    assert.deepEqual(Object.keys(service), [], 'the own property is not enumerable');
    p.restore();
    assert.equal(Object.hasOwn(service, 'run'), false);
    assert.equal(service.run, Service.prototype.run);
  });

  test('an accessor comes back with the same getter and setter', () => {
    let stored = 1;
    const target = {};
    const get = () => stored;
    const set = (v: number) => {
      stored = v;
    };
    Object.defineProperty(target, 'value', { get, set, enumerable: true, configurable: true });
    const before = ownDescriptors(target);
    const g = patch(target as { value: number }, 'value', () => 99, { accessor: 'get' });
    const s = spy(target as { value: number }, 'value', { accessor: 'set' });
    assert.equal((target as { value: number }).value, 99);
    (target as { value: number }).value = 5;
    assert.equal(stored, 5);
    assert.equal(s.calls.length, 1);
    g.restore();
    s.restore();
    assert.deepEqual(ownDescriptors(target), before);
  });

  test('a function behind a configurable getter (a lazy global) is wrapped and the getter restored', () => {
    const target = {};
    const lazy = () => 'lazy';
    const get = () => lazy;
    Object.defineProperty(target, 'tool', { get, enumerable: false, configurable: true });
    const before = ownDescriptors(target);
    const p = patch(
      target as { tool: () => string },
      'tool',
      (original, self, args) => `${original.apply(self, args)}!`,
    );
    assert.equal((target as { tool: () => string }).tool(), 'lazy!');
    p.restore();
    assert.deepEqual(ownDescriptors(target), before);
  });

  test('a lazy getter that replaces itself with its value when read comes back as the getter', () => {
    const tool = () => 'lazy';
    const target: { tool?: () => string } = {};
    let computed = 0;
    Object.defineProperty(target, 'tool', {
      get() {
        computed++;
        // As Node 20's lazily defined globals (atob, Blob, …) do on their first read.
        Object.defineProperty(target, 'tool', { value: tool, writable: true, configurable: true });
        return tool;
      },
      enumerable: true,
      configurable: true,
    });
    const before = ownDescriptors(target);
    const calls = spy(target as { tool: () => string }, 'tool');
    const wrapped = patch(target as { tool: () => string }, 'tool', (original) => `${original()}!`);
    assert.equal(target.tool?.(), 'lazy!');
    assert.equal(calls.calls.length, 1);
    // The bottom layer first: the one above takes over what it has to put back.
    calls.restore();
    assert.equal(target.tool?.(), 'lazy!');
    wrapped.restore();
    assert.deepEqual(ownDescriptors(target), before, 'the getter, not the value it left');
    assert.equal(computed, 1);
    assert.equal(target.tool?.(), 'lazy');
  });

  test('a lazy getter on a prototype that gives the instance its own value: restore leaves no own property', () => {
    const handler = () => 'computed';
    class Service {
      get handler(): () => string {
        Object.defineProperty(this, 'handler', { value: handler, configurable: true });
        return handler;
      }
    }
    const service = new Service();
    const calls = spy(service, 'handler');
    assert.equal(service.handler(), 'computed');
    calls.restore();
    assert.equal(Object.hasOwn(service, 'handler'), false);
    assert.equal(calls.calls.length, 1);
  });

  test("Node's lazily defined globals come back exactly, getter and all", () => {
    // In a fresh process: there the globals have not been read yet, and on Node 20 the first read
    // replaces each getter with the value it returns.
    const script = `
      import { spy } from 'hookline/patch';
      const names = ['atob', 'btoa', 'Blob', 'BroadcastChannel', 'DOMException', 'AbortController',
        'TextEncoder', 'Performance', 'EventTarget', 'fetch'];
      const changed = [];
      for (const name of names) {
        const before = Object.getOwnPropertyDescriptor(globalThis, name);
        spy(globalThis, name).restore();
        const after = Object.getOwnPropertyDescriptor(globalThis, name);
        const same = ['value', 'get', 'set', 'writable', 'enumerable', 'configurable']
          .every((field) => before[field] === after[field]);
        if (!same) changed.push(name);
      }
      console.log(JSON.stringify(changed));
      console.log(typeof atob('aGk='), new TextEncoder().encode('hi').length);
    `;
    const result = runNode(['--input-type=module', '-e', script]);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, '[]\nstring 2\n');
  });

  test('replace of a missing property removes it again', () => {
    const config: Record<string, unknown> = { a: 1 };
    const p = replace(config, 'b', 2);
    assert.equal(config['b'], 2);
    p.restore();
    assert.equal('b' in config, false);
  });

  test('replace of a data property by any value, and back', () => {
    const settings = { retries: 3, name: 'svc' };
    const before = ownDescriptors(settings);
    const p = replace(settings, 'retries', 0);
    assert.equal(settings.retries, 0);
    p.restore();
    assert.deepEqual(ownDescriptors(settings), before);
  });

  test('replace of an accessor by a value brings the accessor back', () => {
    const target = {};
    const get = () => 'computed';
    Object.defineProperty(target, 'label', { get, enumerable: true, configurable: true });
    const before = ownDescriptors(target);
    const p = replace(target as { label: string }, 'label', 'fixed');
    assert.equal((target as { label: string }).label, 'fixed');
    p.restore();
    assert.deepEqual(ownDescriptors(target), before);
  });

  test('an environment variable, set and unset', () => {
    const name = `HOOKLINE_TEST_${process.pid}`;
    const p = replace(process.env, name, 'on');
    assert.equal(process.env[name], 'on');
    p.restore();
    assert.equal(name in process.env, false);
  });

  test('restore twice, or after restoreAll, does nothing more', () => {
    const target = { f: () => 1 };
    const p = patch(target, 'f', () => 2);
    p.restore();
    p.restore();
    assert.equal(target.f(), 1);
  });

  test('using restores at the end of the block', () => {
    const target = { f: () => 1 };
    {
      using _ = patch(target, 'f', () => 2);
      assert.equal(target.f(), 2);
    }
    assert.equal(target.f(), 1);
  });
});

test('replace on process.env, which keeps strings only: undefined unsets the variable, a number is its string, and restore puts back what was there', () => {
  process.env['HOOKLINE_TEST_SET'] = 'original';
  const unset = replace(process.env, 'HOOKLINE_TEST_SET', undefined);
  assert.equal(process.env['HOOKLINE_TEST_SET'], undefined);
  assert.equal(Object.hasOwn(process.env, 'HOOKLINE_TEST_SET'), false);
  unset.restore();
  assert.equal(process.env['HOOKLINE_TEST_SET'], 'original');

  // Stacked in any order over an unset: each restore puts back what was below it.
  const unsetAgain = replace(process.env, 'HOOKLINE_TEST_SET', undefined);
  const test = replace(process.env, 'HOOKLINE_TEST_SET', 'test');
  assert.equal(process.env['HOOKLINE_TEST_SET'], 'test');
  unsetAgain.restore();
  assert.equal(process.env['HOOKLINE_TEST_SET'], 'test');
  test.restore();
  assert.equal(process.env['HOOKLINE_TEST_SET'], 'original');
  const over = replace(process.env, 'HOOKLINE_TEST_SET', 'over');
  const under = replace(process.env, 'HOOKLINE_TEST_SET', undefined);
  assert.equal(Object.hasOwn(process.env, 'HOOKLINE_TEST_SET'), false);
  under.restore();
  assert.equal(process.env['HOOKLINE_TEST_SET'], 'over');
  over.restore();
  assert.equal(process.env['HOOKLINE_TEST_SET'], 'original');
  delete process.env['HOOKLINE_TEST_SET'];

  // A variable that was not set is unset, and stays so.
  const never = replace(process.env, 'HOOKLINE_TEST_NEVER', undefined);
  assert.equal(Object.hasOwn(process.env, 'HOOKLINE_TEST_NEVER'), false);
  never.restore();
  assert.equal(Object.hasOwn(process.env, 'HOOKLINE_TEST_NEVER'), false);

  // On any other object, undefined is a value like any other.
  const plain: { flag?: string } = { flag: 'on' };
  const cleared = replace(plain, 'flag', undefined);
  assert.equal(Object.hasOwn(plain, 'flag'), true);
  cleared.restore();
  assert.equal(plain.flag, 'on');

  const port = replace(process.env, 'HOOKLINE_TEST_PORT', 3000 as unknown as string);
  assert.equal(process.env['HOOKLINE_TEST_PORT'], '3000');
  port.restore();
  assert.equal(Object.hasOwn(process.env, 'HOOKLINE_TEST_PORT'), false);
});
