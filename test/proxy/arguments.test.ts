import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lazyChain, observe, withDefaults } from 'hookline/proxy';

/** Calls `call` with arguments TypeScript would refuse. */
const loose = <F>(fn: F) => fn as unknown as (...args: unknown[]) => unknown;

test('bad arguments of hookline/proxy are refused with ERR_HOOKLINE_INVALID_ARGUMENT naming the call, what was given and the way out', () => {
  const fetch = () => 1;
  const cases: [() => unknown, string, string][] = [
    [() => loose(observe)(42, {}), 'observe(target, listeners)', 'number 42'],
    [() => loose(observe)(null, {}), 'observe(target, listeners)', 'null'],
    [() => loose(observe)('text', {}), 'observe(target, listeners)', 'the string "text"'],
    [() => loose(observe)({}), 'observe(target, listeners)', 'undefined'],
    [() => loose(observe)({}, () => 1), 'observe(target, listeners)', 'an anonymous function'],
    [() => loose(observe)({}, { get: 'log' }), 'observe(target, { get })', 'the string "log"'],
    [() => loose(observe)({}, { set: 1 }), 'observe(target, { set })', 'number 1'],
    [() => loose(observe)({}, { delete: {} }), 'observe(target, { delete })', '{}'],
    [
      () => loose(observe)({}, { gets: () => 1 }),
      'observe(target, listeners)',
      'the unknown option "gets"',
    ],
    [() => loose(withDefaults)(undefined, () => 1), 'withDefaults(target, fallback)', 'undefined'],
    [() => loose(withDefaults)(1n, () => 1), 'withDefaults(target, fallback)', 'bigint 1'],
    [
      () => loose(withDefaults)({}, 'default'),
      'withDefaults(target, fallback)',
      'the string "default"',
    ],
    [() => loose(withDefaults)({}), 'withDefaults(target, fallback)', 'undefined'],
    [() => loose(lazyChain)(), 'lazyChain(fetch, options)', 'undefined'],
    [() => loose(lazyChain)('url'), 'lazyChain(fetch, options)', 'the string "url"'],
    [() => loose(lazyChain)(fetch, 'data'), 'lazyChain(fetch, options)', 'the string "data"'],
    [
      () => loose(lazyChain)(fetch, { terminal: '' }),
      'lazyChain(fetch, { terminal })',
      'the string ""',
    ],
    [() => loose(lazyChain)(fetch, { terminal: 1 }), 'lazyChain(fetch, { terminal })', 'number 1'],
    [
      () => loose(lazyChain)(fetch, { terminal: 'then' }),
      'lazyChain(fetch, { terminal })',
      'the string "then"',
    ],
    [
      () => loose(lazyChain)(fetch, { terminal: Symbol('x') }),
      'lazyChain(fetch, { terminal })',
      'symbol Symbol(x)',
    ],
    [
      () => loose(lazyChain)(fetch, { terminl: 'x' }),
      'lazyChain(fetch, options)',
      'the unknown option "terminl"',
    ],
  ];
  for (const [call, where, received] of cases) {
    assert.throws(call, (error: unknown) => {
      const { code, name, message } = error as { code: string; name: string; message: string };
      assert.equal(code, 'ERR_HOOKLINE_INVALID_ARGUMENT', message);
      assert.equal(name, 'TypeError');
      assert.ok(message.startsWith(`${where}: Expected `), message);
      assert.ok(message.includes(` but got ${received}. `), message);
      // Each says the way out after what it got.
      assert.match(message, /\. \S.*$/);
      return true;
    });
  }
});

test('a function can be observed or given defaults: calling the proxy calls it', () => {
  const heard: string[] = [];
  function greet(name: string) {
    return `hello ${name}`;
  }
  const observed = observe(greet, { get: (key) => heard.push(String(key)) });
  assert.equal(observed('you'), 'hello you');
  assert.equal(observed.name, 'greet');
  assert.deepEqual(heard, ['name']);
  const defaulted = withDefaults(greet, () => 'x');
  assert.equal(defaulted('me'), 'hello me');
  assert.equal(defaulted['version'], 'x');
});
