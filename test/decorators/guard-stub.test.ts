import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { guard, stub } from 'hookline/decorators';

describe('guard: a call goes through only when the predicate says so', () => {
  test("the seed's check_auth: the admin page is refused without a session", () => {
    const lines: string[] = [];
    const checkAuth = guard(
      (self: { needLogin: boolean; sessionKey: string }) =>
        !self.needLogin || self.sessionKey !== '',
      (self) => {
        lines.push(`**** Permission Denied: ${self.constructor.name}`);
      },
    );
    class HomePage {
      needLogin = false;
      sessionKey = '';
      @checkAuth
      show(): void {
        lines.push('** This is Home Page.');
      }
    }
    class AdminPage {
      needLogin = true;
      sessionKey = '';
      @checkAuth
      show(): void {
        lines.push('** This is Admin Page.');
      }
    }
    new HomePage().show();
    const admin = new AdminPage();
    admin.show();
    admin.sessionKey = 'k3y';
    admin.show();
    assert.deepEqual(lines, [
      '** This is Home Page.',
      '**** Permission Denied: AdminPage',
      '** This is Admin Page.',
    ]);
  });

  test('a refused call returns undefined unless otherwise says, and gets the arguments', () => {
    const seen: unknown[] = [];
    const positive = guard((_self, [n]: [number]) => n > 0);
    const sqrt = positive(function sqrt(n: number): number {
      return Math.sqrt(n);
    });
    assert.equal(sqrt(9), 3);
    assert.equal(sqrt(-1), undefined);
    const orZero = guard(
      (_self, [n]: [number]) => n > 0,
      (self, args) => {
        seen.push(self, args);
        return 0;
      },
    )(function sqrt(this: unknown, n: number): number {
      return Math.sqrt(n);
    });
    const receiver = {};
    assert.equal(orZero.call(receiver, -4), 0);
    assert.deepEqual(seen, [receiver, [-4]]);
    assert.equal(orZero.name, 'sqrt');
    assert.equal(orZero.length, 1);
  });

  test('otherwise may throw to refuse loudly', () => {
    class Vault {
      open = false;
      @guard(
        (self: Vault) => self.open,
        () => {
          throw new Error('vault closed');
        },
      )
      take(): string {
        return 'gold';
      }
    }
    assert.throws(() => new Vault().take(), { message: 'vault closed' });
  });

  test('a predicate that returns a promise is refused at the call', () => {
    const asyncCheck = guard((() => Promise.resolve(true)) as unknown as () => boolean);
    const run = asyncCheck(function run() {
      return 1;
    });
    assert.throws(run, {
      code: 'ERR_HOOKLINE_INVALID_VALUE',
      message: /on "run": Expected the predicate to return true or false but got a promise/,
    });
  });

  test('guard without a predicate function is refused', () => {
    assert.throws(() => guard(true as unknown as () => boolean), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /guard\(predicate\): Expected a function/,
    });
    assert.throws(() => guard(() => true, 'no' as unknown as () => void), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /guard\(predicate, otherwise\): Expected a function/,
    });
  });
});

describe('stub: the function no longer runs', () => {
  test('@stub(value) on a method returns the value, every call', () => {
    let ran = false;
    class Job {
      @stub('Do nothing')
      doJob(): string {
        ran = true;
        return 'Hello PyCon 2016 China!';
      }
    }
    const job = new Job();
    assert.equal(job.doJob(), 'Do nothing');
    assert.equal(job.doJob(), 'Do nothing');
    assert.equal(ran, false);
  });

  test('stub(value)(fn) keeps name and length; the same value each time', () => {
    const list: string[] = [];
    const load = stub(list)(function load(_path: string): string[] {
      return ['real'];
    });
    assert.equal(load.name, 'load');
    assert.equal(load.length, 1);
    assert.equal(load('a'), list);
    assert.equal(load('b'), list);
  });

  test('an async method stubs with a promise', async () => {
    class Api {
      @stub(Promise.resolve(42))
      async fetchCount(): Promise<number> {
        throw new Error('network');
      }
    }
    assert.equal(await new Api().fetchCount(), 42);
  });

  test('@stub written without a value is refused as the class is defined', () => {
    const bare = stub as unknown as (value: Function, context: unknown) => void;
    assert.throws(
      () => {
        class Job {
          @bare
          run(): void {}
        }
        return Job;
      },
      { code: 'ERR_HOOKLINE_INVALID_ARGUMENT', message: /@stub on the method "run"/ },
    );
  });
});
