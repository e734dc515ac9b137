import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { patch } from 'hookline/patch';
import { type TracedCall, type TraceInclude, traceCalls } from 'hookline/trace';

function makeApi() {
  return {
    add(a: number, b: number): number {
      return a + b;
    },
    twice(a: number): number {
      return this.add(a, a);
    },
    fail(): never {
      throw new Error('failed');
    },
    async later(value: string): Promise<string> {
      await Promise.resolve();
      return value.toUpperCase();
    },
    async rejects(): Promise<never> {
      await Promise.resolve();
      throw new Error('rejected');
    },
    version: '1.0',
  };
}

test('traceCalls reports each call with its name, receiver, arguments, depth and start, then what it returned', () => {
  const api = makeApi();
  const seen: string[] = [];
  const calls: TracedCall[] = [];
  using _ = traceCalls(api, {
    onCall: (call) => {
      calls.push(call);
      seen.push(`call ${call.name}(${call.args.join(', ')}) depth ${call.depth}`);
    },
    onReturn: (call, value) => seen.push(`return ${call.name} ${String(value)}`),
  });
  assert.equal(api.twice(2), 4);
  assert.deepEqual(seen, [
    'call twice(2) depth 0',
    'call add(2, 2) depth 1',
    'return add 4',
    'return twice 4',
  ]);
  assert.equal(calls[0]?.self, api);
  assert.equal(typeof calls[0]?.startedAt, 'number');
  assert.ok((calls[1]?.startedAt ?? 0) >= (calls[0]?.startedAt ?? 0));
});

test('changing call.args in onCall changes what the original receives', () => {
  const api = makeApi();
  using _ = traceCalls(api, {
    include: ['add'],
    onCall: (call) => {
      call.args[1] = 10;
    },
  });
  assert.equal(api.add(1, 2), 11);
});

test('onThrow gets what a function threw, and the caller still gets it', () => {
  const api = makeApi();
  const thrown: unknown[] = [];
  using _ = traceCalls(api, { onThrow: (_call, error) => thrown.push(error) });
  assert.throws(() => api.fail(), /failed/);
  assert.equal(thrown.length, 1);
  assert.match(String(thrown[0]), /failed/);
  // The depth counter is back to 0 after a throw.
  const depths: number[] = [];
  using __ = traceCalls(api, { include: ['add'], onCall: (call) => depths.push(call.depth) });
  api.add(1, 1);
  assert.deepEqual(depths, [0]);
});

test('for an async function, onReturn and onThrow come when the promise settles', async () => {
  const api = makeApi();
  const seen: string[] = [];
  using _ = traceCalls(api, {
    include: /^(later|rejects)$/,
    onReturn: (call, value) => seen.push(`${call.name} fulfilled ${String(value)}`),
    onThrow: (call, error) => seen.push(`${call.name} rejected ${(error as Error).message}`),
  });
  const pending = api.later('x');
  assert.deepEqual(seen, []);
  assert.equal(await pending, 'X');
  await assert.rejects(api.rejects(), /rejected/);
  assert.deepEqual(seen, ['later fulfilled X', 'rejects rejected rejected']);
});

test('include selects by names, a RegExp or a function; only function-valued properties are wrapped', () => {
  const byName = makeApi();
  using _a = traceCalls(byName, { include: ['add'] });
  assert.ok(Object.getOwnPropertyNames(byName).includes('version'));
  const names = (include: TraceInclude | undefined) => {
    const api = makeApi();
    const called: string[] = [];
    using _ = traceCalls(api, { include, onCall: (call) => called.push(call.name) });
    api.twice(1);
    return called;
  };
  assert.deepEqual(
    names((name) => name === 'twice'),
    ['twice'],
  );
  assert.deepEqual(names(/^a/), ['add']);
  assert.deepEqual(names(['add']), ['add']);
  assert.deepEqual(names(undefined), ['twice', 'add']);
  assert.throws(
    () => traceCalls(makeApi(), { include: ['missing'] }),
    (error: Error & { code?: string }) => error.code === 'ERR_HOOKLINE_MISSING_PROPERTY',
  );
  assert.throws(
    () => traceCalls(makeApi(), { include: ['version'] }),
    (error: Error & { code?: string }) => error.code === 'ERR_HOOKLINE_NOT_A_FUNCTION',
  );
  assert.throws(
    () => traceCalls(makeApi(), { include: 42 as never }),
    (error: Error & { code?: string }) => error.code === 'ERR_HOOKLINE_INVALID_ARGUMENT',
  );
  assert.throws(() => traceCalls(null as never), TypeError);
  // A misspelt listener would trace nothing; one that is not a function would fail at each call.
  assert.throws(() => traceCalls(makeApi(), { onCal: () => {} } as never), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message:
      /traceCalls\(target, options\): .*the unknown option "onCal"\. Did you mean "onCall"\?/,
  });
  assert.throws(() => traceCalls(makeApi(), { onReturn: 42 as never }), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message:
      /traceCalls\(target, \{ onReturn \}\): Expected a function, or nothing but got number 42/,
  });
});

test("an ES module namespace is refused in traceCalls' words, with the default export as the way out", async () => {
  const namespace = await import('node:path');
  assert.throws(
    () => traceCalls(namespace),
    (error: Error & { code?: string }) =>
      error.code === 'ERR_HOOKLINE_MODULE_NAMESPACE' &&
      error.message.includes('traceCalls(target, options)') &&
      error.message.includes('default export') &&
      !error.message.includes('patch('),
  );
  using _ = traceCalls(namespace.default, { include: ['join'] });
  assert.equal(namespace.join('a', 'b'), 'a/b');
});

test('a class instance is traced with the methods of its prototype chain, on the instance only', () => {
  class Base {
    greet(): string {
      return 'hi';
    }
  }
  class Derived extends Base {
    shout(): string {
      return `${this.greet().toUpperCase()}!`;
    }
  }
  const traced = new Derived();
  const other = new Derived();
  const called: string[] = [];
  const unhook = traceCalls(traced, { onCall: (call) => called.push(call.name) });
  assert.equal(traced.shout(), 'HI!');
  other.shout();
  assert.deepEqual(called, ['shout', 'greet']);
  unhook();
  // Restored exactly: the methods are inherited again, not own.
  assert.deepEqual(Object.getOwnPropertyNames(traced), []);
  assert.equal(traced.shout, Derived.prototype.shout);
});

test('the Unhook restores every property exactly, and traces stack with other patches', () => {
  const api = makeApi();
  const before = Object.getOwnPropertyDescriptors(api);
  const log: string[] = [];
  const unhook = traceCalls(api, { onCall: (call) => log.push(`trace ${call.name}`) });
  const patched = patch(api, 'add', (original, self, args) => {
    log.push('patch add');
    return original.apply(self, args);
  });
  api.add(1, 2);
  assert.deepEqual(log, ['patch add', 'trace add']);
  unhook();
  assert.equal(unhook.active, false);
  log.length = 0;
  api.add(1, 2);
  assert.deepEqual(log, ['patch add']);
  patched.restore();
  assert.deepEqual(Object.getOwnPropertyDescriptors(api), before);
});

test('a listener that throws is reported as a HooklineWarning and the call goes on', async () => {
  const api = makeApi();
  using _ = traceCalls(api, {
    include: ['add'],
    onCall: () => {
      throw new Error('listener broke');
    },
  });
  const warned = once(process, 'warning');
  assert.equal(api.add(2, 3), 5);
  const [warning] = (await warned) as [Error];
  assert.equal(warning.name, 'HooklineWarning');
  assert.match(warning.message, /onCall listener \(add\) threw.*listener broke/);
});

test('a traced function called with new constructs as the original does', () => {
  class Point {
    constructor(
      readonly x: number,
      readonly y: number,
    ) {}
  }
  const exports = { Point };
  const seen: TracedCall[] = [];
  using _ = traceCalls(exports, { onCall: (call) => seen.push(call) });
  const point = new exports.Point(1, 2);
  assert.ok(point instanceof Point);
  assert.equal(point.y, 2);
  assert.equal(seen[0]?.self, undefined);
});

test("the calls a listener makes are not traced: a listener that calls what it traces does not recurse, and each trace sees only the program's calls", async () => {
  const api = makeApi();
  const seen: string[] = [];
  // The cap keeps a recursion this test is there to catch from taking the process down.
  const note = (text: () => string) => seen.length < 20 && seen.push(text());
  using _ = traceCalls(api, {
    include: ['add', 'later'],
    onCall: (call) => note(() => `call ${call.name} = ${api.add(1, 1)}`),
    onReturn: (call, value) => note(() => `return ${call.name} ${String(value)} ${api.add(2, 2)}`),
  });
  // A second trace of the same method does not see the first trace's listener calls either.
  using __ = traceCalls(api, {
    include: ['add'],
    onCall: (call) => note(() => `other ${call.args}`),
  });
  assert.equal(api.twice(3), 6);
  assert.equal(await api.later('x'), 'X');
  assert.deepEqual(seen, [
    'other 3,3',
    'call add = 2',
    'return add 6 4',
    'call later = 2',
    'return later X 4',
  ]);
});

test("tracing console.log with a listener that logs reports the program's call once", () => {
  const lines: string[] = [];
  const calls: unknown[][] = [];
  const { log } = console;
  console.log = (...args: unknown[]) => {
    lines.push(args.join(' '));
  };
  try {
    using _ = traceCalls(console, {
      include: ['log'],
      onCall: (call) => {
        calls.push(call.args);
        if (calls.length < 5) console.log('[trace] log called with', call.args.length, 'args');
      },
    });
    console.log('hello');
  } finally {
    console.log = log;
  }
  assert.deepEqual(calls, [['hello']]);
  assert.deepEqual(lines, ['[trace] log called with 1 args', 'hello']);
});
