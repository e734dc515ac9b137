import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { retry } from 'hookline/decorators';

/** A function that throws `failures` errors made by `make`, then returns 'ok'. */
function flaky(failures: number, make: () => unknown = () => new Error('flaky')) {
  const state = { calls: 0 };
  function work(this: unknown, _input?: string): string {
    state.calls++;
    if (state.calls <= failures) throw make();
    return 'ok';
  }
  return { work, state };
}

describe('retry: failing calls tried again', () => {
  test('@retry({ times }) tries a throwing method again, up to times more', () => {
    let calls = 0;
    class Client {
      @retry({ times: 2 })
      get(): string {
        calls++;
        if (calls < 3) throw new Error(`attempt ${calls}`);
        return 'data';
      }
    }
    assert.equal(new Client().get(), 'data');
    assert.equal(calls, 3);
  });

  test('past times, the last error goes to the caller', () => {
    const { work, state } = flaky(5, () => new Error(`failure`));
    const wrapped = retry({ times: 2 })(work);
    assert.throws(() => wrapped(), { message: 'failure' });
    assert.equal(state.calls, 3);
  });

  test('times: 0 tries once', () => {
    const { work, state } = flaky(1);
    assert.throws(() => retry({ times: 0 })(work)(), { message: 'flaky' });
    assert.equal(state.calls, 1);
  });

  test('retry(options)(fn) keeps name, length and this', () => {
    const seen: unknown[] = [];
    const target = { name: 'target' };
    const wrapped = retry({ times: 1 })(function fetchUser(this: unknown, id: number, _x: string) {
      seen.push(this);
      if (seen.length === 1) throw new Error('once');
      return id;
    });
    assert.equal(wrapped.name, 'fetchUser');
    assert.equal(wrapped.length, 2);
    assert.equal(wrapped.call(target, 7, ''), 7);
    assert.deepEqual(seen, [target, target]);
  });

  test('on: an Error class retries only its instances', () => {
    const retried = flaky(1, () => new TypeError('type'));
    assert.equal(retry({ times: 1, on: TypeError })(retried.work)(), 'ok');
    const other = flaky(1, () => new RangeError('range'));
    assert.throws(() => retry({ times: 3, on: TypeError })(other.work)(), RangeError);
    assert.equal(other.state.calls, 1);
  });

  test('on: a class of the program, even one not extending Error', () => {
    class Busy {}
    const { work, state } = flaky(2, () => new Busy());
    assert.equal(retry({ times: 2, on: Busy })(work)(), 'ok');
    assert.equal(state.calls, 3);
  });

  test('on: a predicate decides', () => {
    const codes = ['ECONNRESET', 'ECONNRESET', 'EACCES'];
    let calls = 0;
    const connect = retry({
      times: 5,
      on: (error) => (error as { code?: string }).code === 'ECONNRESET',
    })(() => {
      const code = codes[calls++];
      throw Object.assign(new Error(code), { code });
    });
    assert.throws(connect, { code: 'EACCES' });
    assert.equal(calls, 3);
  });

  test('an async method is tried again when its promise rejects', async () => {
    let calls = 0;
    class Client {
      @retry({ times: 3 })
      async get(path: string): Promise<string> {
        calls++;
        if (calls < 3) throw new Error('reset');
        return `got ${path}`;
      }
    }
    assert.equal(await new Client().get('/a'), 'got /a');
    assert.equal(calls, 3);
  });

  test('an async failure past times rejects with the last error', async () => {
    let calls = 0;
    const get = retry({ times: 1 })(async () => {
      calls++;
      throw new Error(`failure ${calls}`);
    });
    await assert.rejects(get(), { message: 'failure 2' });
  });

  test('delay waits between tries of a promise-returning function', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let calls = 0;
    const get = retry({ times: 1, delay: 1000 })(async () => {
      calls++;
      if (calls === 1) throw new Error('once');
      return 'second';
    });
    const pending = get();
    // Let the first rejection reach the retry, which then waits on the (mocked) timer.
    for (let i = 0; i < 10; i++) await Promise.resolve();
    assert.equal(calls, 1);
    t.mock.timers.tick(999);
    for (let i = 0; i < 10; i++) await Promise.resolve();
    assert.equal(calls, 1);
    t.mock.timers.tick(1);
    assert.equal(await pending, 'second');
    assert.equal(calls, 2);
  });

  test('a synchronous function is tried again at once, whatever the delay', () => {
    const { work, state } = flaky(2);
    assert.equal(retry({ times: 2, delay: 60_000 })(work)(), 'ok');
    assert.equal(state.calls, 3);
  });

  test('bad options are refused as they are given', () => {
    for (const times of [-1, 1.5, Number.NaN, '3', undefined]) {
      assert.throws(() => retry({ times } as unknown as { times: number }), {
        code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
        message: /retry\(options\): times: Expected a non-negative integer/,
      });
    }
    assert.throws(() => retry({ times: 1, on: 'Error' as unknown as () => boolean }), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /on: Expected an Error class or a predicate/,
    });
    assert.throws(() => retry({ times: 1, delay: -5 }), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /delay: Expected a non-negative number of milliseconds but got number -5/,
    });
    assert.throws(() => (retry as (options?: unknown) => unknown)(), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /retry\(options\): Expected an options object with times/,
    });
    assert.throws(() => retry({ times: 2, delays: 10 } as never), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /retry\(options\): .*the unknown option "delays"\. Did you mean "delay"\?/,
    });
  });

  test('@retry written without options is refused as the class is defined', () => {
    const bare = retry as unknown as (value: Function, context: unknown) => void;
    assert.throws(
      () => {
        class Client {
          @bare
          get(): void {}
        }
        return Client;
      },
      {
        code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
        message: /@retry on the method "get".*Call it: @retry\(\{ times: 3 \}\)/,
      },
    );
  });
});
