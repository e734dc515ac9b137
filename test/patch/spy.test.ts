import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spy } from 'hookline/patch';
import { runNode } from '../helpers/run-node.js';

describe('spy records every call and changes nothing else', () => {
  test('receiver, arguments and result', () => {
    const calculator = {
      factor: 2,
      scale(value: number) {
        return value * this.factor;
      },
    };
    using calls = spy(calculator, 'scale');
    assert.equal(calculator.scale(21), 42);
    assert.deepEqual(calls.calls, [{ self: calculator, args: [21], threw: false, result: 42 }]);
  });

  test('a throw is recorded and rethrown as it was', () => {
    const failure = new RangeError('too big');
    const parser = {
      parse(_text: string): never {
        throw failure;
      },
    };
    using calls = spy(parser, 'parse');
    assert.throws(
      () => parser.parse('x'),
      (error) => error === failure,
    );
    assert.equal(calls.calls.length, 1);
    assert.equal(calls.calls[0]?.threw, true);
    assert.equal(calls.calls[0]?.error, failure);
    assert.equal(calls.calls[0]?.result, undefined);
  });

  test('a call with new records the instance as the result', () => {
    class Connection {
      constructor(readonly url: string) {}
    }
    const db = { Connection };
    using calls = spy(db, 'Connection');
    const connection = new db.Connection('postgres://localhost');
    assert.ok(connection instanceof Connection);
    assert.equal(calls.calls[0]?.self, undefined);
    assert.deepEqual(calls.calls[0]?.args, ['postgres://localhost']);
    assert.equal(calls.calls[0]?.result, connection);
  });

  test('a native promise: the settled value and reason are recorded', async () => {
    const api = {
      async get(id: number) {
        if (id < 0) throw new Error(`no id ${id}`);
        return { id };
      },
    };
    using calls = spy(api, 'get');
    assert.deepEqual(await api.get(1), { id: 1 });
    await assert.rejects(api.get(-1), /no id -1/);
    assert.deepEqual(calls.calls[0]?.settled, { status: 'fulfilled', value: { id: 1 } });
    assert.equal(calls.calls[1]?.settled?.status, 'rejected');
  });

  test('settle: false returns the very promise, and records no settled value', async () => {
    const made = Promise.resolve(1);
    const api = { get: () => made };
    using calls = spy(api, 'get', { settle: false });
    assert.equal(api.get(), made);
    await made;
    assert.equal(calls.calls[0]?.settled, undefined);
  });

  test('a thenable or a promise subclass is passed through untouched: then is never called', () => {
    let thenCalls = 0;
    const query = {
      // biome-ignore lint/suspicious/noThenProperty: a query builder is a thenable on purpose
      then(resolve: (v: string) => void) {
        thenCalls++;
        resolve('rows');
      },
    };
    class CancelablePromise<T> extends Promise<T> {
      cancel() {}
    }
    const cancelable = new CancelablePromise<number>((resolve) => resolve(1));
    const db = { query: () => query, cancelable: () => cancelable };
    using _q = spy(db, 'query');
    using _c = spy(db, 'cancelable');
    assert.equal(db.query(), query);
    assert.equal(db.cancelable(), cancelable);
    assert.equal(thenCalls, 0);
  });

  test('stack: true records where each call came from', () => {
    const logger = { info(_message: string) {} };
    using calls = spy(logger, 'info', { stack: true });
    logger.info('hi');
    const stack = calls.calls[0]?.stack ?? '';
    assert.match(stack, /^ {4}at /);
    assert.match(stack.split('\n')[0] ?? '', /spy\.test\.js/);
  });

  test('no stack is taken unless asked', () => {
    const logger = { info(_message: string) {} };
    using calls = spy(logger, 'info');
    logger.info('hi');
    assert.equal('stack' in (calls.calls[0] ?? {}), false);
  });

  test('a getter can be spied on', () => {
    const session = {
      get user() {
        return 'ada';
      },
    };
    using reads = spy(session, 'user', { accessor: 'get' });
    assert.equal(session.user, 'ada');
    assert.equal(reads.calls.length, 1);
    assert.equal(reads.calls[0]?.result, 'ada');
  });

  test('calls can be emptied between checks', () => {
    const target = { f: () => 1 };
    using calls = spy(target, 'f');
    target.f();
    calls.calls.length = 0;
    target.f();
    assert.equal(calls.calls.length, 1);
  });
});

test('a function with a call property of its own: the function itself runs', () => {
  function rpc(method: string) {
    return `rpc(${method})`;
  }
  rpc.call = (method: string) => `the call method (${method})`;
  const client = { rpc };
  using calls = spy(client, 'rpc');
  assert.equal(client.rpc('ping'), 'rpc(ping)');
  assert.equal(calls.calls[0]?.result, 'rpc(ping)');
});

describe('a spied promise: the caller gets the very promise, and its handling is unchanged', () => {
  const script = (body: string, options = '') => `
    import { spy } from 'hookline/patch';
    const api = {
      async load() { throw new Error('disk on fire'); },
      memo: undefined,
      save() {
        // Fire and forget: the function handles its own promise and returns it.
        this.memo ??= Promise.reject(new Error('disk full'));
        this.memo.catch(() => console.log('handled inside'));
        return this.memo;
      },
    };
    const calls = spy(api, process.argv[1], ${options || '{}'});
    ${body}
    setTimeout(() => console.log('settled:', calls.calls[0].settled?.status), 10);
  `;

  test('the very promise: identity holds across calls of a memoising function', () => {
    const body = `
      const first = api.save();
      console.log('same promise:', first === api.save() && first === api.memo);
    `;
    const result = runNode(['--input-type=module', '-e', script(body), 'save']);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assert.equal(
      result.stdout,
      'same promise: true\nhandled inside\nhandled inside\nsettled: rejected\n',
    );
  });

  test('a rejection the function handled itself is not turned into an unhandled one', () => {
    const result = runNode(['--input-type=module', '-e', script('api.save();'), 'save']);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'handled inside\nsettled: rejected\n');
    assert.equal(result.status, 0);
  });

  test('handled by the caller: no report, and the spy saw the rejection', () => {
    const body = `api.load().catch((e) => console.log('caught', e.message));`;
    const result = runNode(['--input-type=module', '-e', script(body), 'load']);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'caught disk on fire\nsettled: rejected\n');
    assert.equal(result.status, 0);
  });

  test('handled by nobody: recorded as rejected (observing it counts as handling it)', () => {
    const result = runNode(['--input-type=module', '-e', script('api.load();'), 'load']);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'settled: rejected\n');
    assert.equal(result.status, 0);
  });

  test('settle: false leaves the promise alone, so Node reports it as without the spy', () => {
    const code = script('api.load();', '{ settle: false }');
    const result = runNode(['--input-type=module', '-e', code, 'load']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Error: disk on fire/);
  });
});
