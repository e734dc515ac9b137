// biome-ignore-all lint/complexity/noStaticOnlyClass: classes whose static members a decorator is tried on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { synchronized } from 'hookline/decorators';

/** A promise and the function that resolves it, for a test to say when a call may go on. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Lets every callback already queued run: enough turns for a chain of awaits to settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe("synchronized: the seed's read-sleep-write race", () => {
  test('without @synchronized the three writes overwrite each other', async () => {
    class Task {
      data = 'xxx';
      async run1(): Promise<void> {
        const data = this.data;
        await sleep(5);
        this.data = `${data}111`;
      }
      async run2(): Promise<void> {
        const data = this.data;
        await sleep(5);
        this.data = `${data}222`;
      }
      async run3(): Promise<void> {
        const data = this.data;
        await sleep(5);
        this.data = `${data}333`;
      }
    }
    const task = new Task();
    await Promise.all([task.run1(), task.run2(), task.run3()]);
    assert.equal(task.data.length, 6);
    assert.match(task.data, /^xxx(111|222|333)$/);
  });

  test('@synchronized on the class makes it xxx111222333', async () => {
    @synchronized
    class Task {
      data = 'xxx';
      async run1(): Promise<void> {
        const data = this.data;
        await sleep(5);
        this.data = `${data}111`;
      }
      async run2(): Promise<void> {
        const data = this.data;
        await sleep(5);
        this.data = `${data}222`;
      }
      async run3(): Promise<void> {
        const data = this.data;
        await sleep(5);
        this.data = `${data}333`;
      }
    }
    const task = new Task();
    await Promise.all([task.run1(), task.run2(), task.run3()]);
    assert.equal(task.data, 'xxx111222333');
  });

  test('@synchronized on each method shares one queue per instance', async () => {
    class Task {
      data = 'xxx';
      @synchronized
      async run1(): Promise<void> {
        const data = this.data;
        await sleep(5);
        this.data = `${data}111`;
      }
      @synchronized
      async run2(): Promise<void> {
        const data = this.data;
        await sleep(5);
        this.data = `${data}222`;
      }
      @synchronized
      async run3(): Promise<void> {
        const data = this.data;
        await sleep(5);
        this.data = `${data}333`;
      }
    }
    const task = new Task();
    await Promise.all([task.run3(), task.run1(), task.run2()]);
    assert.equal(task.data, 'xxx333111222');
  });
});

describe('synchronized: order, instances, re-entrancy', () => {
  test('calls run one at a time in call order, whatever finishes first', async () => {
    const events: string[] = [];
    class Worker {
      @synchronized
      async step(label: string, wait: Promise<void>): Promise<string> {
        events.push(`start ${label}`);
        await wait;
        events.push(`end ${label}`);
        return label;
      }
    }
    const worker = new Worker();
    const a = gate();
    const b = gate();
    const c = gate();
    const results = Promise.all([
      worker.step('a', a.promise),
      worker.step('b', b.promise),
      worker.step('c', c.promise),
    ]);
    assert.deepEqual(events, ['start a'], 'the first call starts at once, the others wait');
    c.open();
    b.open();
    await settle();
    assert.deepEqual(events, ['start a']);
    a.open();
    assert.deepEqual(await results, ['a', 'b', 'c']);
    assert.deepEqual(events, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  test('different instances do not wait for each other', async () => {
    class Worker {
      @synchronized
      async step(wait: Promise<void>): Promise<string> {
        await wait;
        return 'done';
      }
    }
    const blocked = gate();
    const first = new Worker();
    const pending = first.step(blocked.promise);
    assert.equal(await new Worker().step(Promise.resolve()), 'done');
    blocked.open();
    assert.equal(await pending, 'done');
  });

  test('a synchronized method awaiting another of the same instance does not deadlock', async () => {
    const events: string[] = [];
    @synchronized
    class Account {
      balance = 0;
      async deposit(amount: number): Promise<number> {
        events.push(`deposit ${amount}`);
        await Promise.resolve();
        this.balance += amount;
        return this.balance;
      }
      async depositTwice(amount: number): Promise<number> {
        await this.deposit(amount);
        await settle();
        return this.deposit(amount);
      }
    }
    const account = new Account();
    const twice = account.depositTwice(5);
    const after = account.deposit(100);
    assert.equal(await twice, 10);
    assert.equal(await after, 110);
    assert.deepEqual(events, ['deposit 5', 'deposit 5', 'deposit 100']);
  });

  test('re-entrancy holds in callbacks the holder starts', async () => {
    class Cache {
      @synchronized
      async refresh(): Promise<string> {
        return new Promise((resolve) => {
          setImmediate(() => {
            void this.read().then(resolve);
          });
        });
      }
      @synchronized
      async read(): Promise<string> {
        return 'fresh';
      }
    }
    assert.equal(await new Cache().refresh(), 'fresh');
  });

  test('a call left behind by a holder that has ended waits its turn like any other', async () => {
    const events: string[] = [];
    let later!: () => Promise<void>;
    class Worker {
      @synchronized
      async first(): Promise<void> {
        later = () => this.second('late');
      }
      @synchronized
      async second(label: string, wait?: Promise<void>): Promise<void> {
        events.push(`start ${label}`);
        await wait;
        events.push(`end ${label}`);
      }
    }
    const worker = new Worker();
    await worker.first();
    const blocked = gate();
    const holding = worker.second('holder', blocked.promise);
    const late = later();
    await settle();
    assert.deepEqual(events, ['start holder']);
    blocked.open();
    await Promise.all([holding, late]);
    assert.deepEqual(events, ['start holder', 'end holder', 'start late', 'end late']);
  });

  test('a call that rejects or throws hands the queue on', async () => {
    class Worker {
      @synchronized
      async fail(): Promise<never> {
        throw new Error('failed');
      }
      @synchronized
      throwNow(): Promise<never> {
        throw new Error('thrown');
      }
      @synchronized
      async ok(): Promise<string> {
        return 'ok';
      }
    }
    const worker = new Worker();
    const failing = worker.fail();
    const throwing = worker.throwNow();
    const ok = worker.ok();
    await assert.rejects(failing, { message: 'failed' });
    await assert.rejects(throwing, { message: 'thrown' });
    assert.equal(await ok, 'ok');
    await assert.rejects(worker.throwNow(), { message: 'thrown' }, 'a free queue: still a promise');
  });

  test('a static method queues per class', async () => {
    const events: string[] = [];
    class Store {
      @synchronized
      static async save(label: string, wait: Promise<void>): Promise<void> {
        events.push(`start ${label}`);
        await wait;
        events.push(`end ${label}`);
      }
    }
    const a = gate();
    const first = Store.save('a', a.promise);
    const second = Store.save('b', Promise.resolve());
    await settle();
    assert.deepEqual(events, ['start a']);
    a.open();
    await Promise.all([first, second]);
    assert.deepEqual(events, ['start a', 'end a', 'start b', 'end b']);
  });

  test('on a class, only its own async methods join the queue', async () => {
    class Base {
      async inherited(wait: Promise<void>): Promise<string> {
        await wait;
        return 'inherited';
      }
    }
    @synchronized
    class Task extends Base {
      #value = 1;
      get value(): number {
        return this.#value;
      }
      plain(): number {
        return this.#value;
      }
      async slow(wait: Promise<void>): Promise<string> {
        await wait;
        return 'slow';
      }
    }
    const task = new Task();
    const blocked = gate();
    const slow = task.slow(blocked.promise);
    assert.equal(task.plain(), 1, 'a plain method runs at once and returns its value');
    assert.equal(task.value, 1);
    assert.equal(await task.inherited(Promise.resolve()), 'inherited');
    blocked.open();
    assert.equal(await slow, 'slow');
    assert.equal(Task.prototype.slow.name, 'slow');
    assert.equal(Task.prototype.slow.length, 1);
  });

  test("on a class, its static async methods join the class's queue, symbol-named ones too", async () => {
    const events: string[] = [];
    const flush = Symbol('flush');
    @synchronized
    class Store {
      static async save(label: string, wait: Promise<void>): Promise<void> {
        events.push(`start ${label}`);
        await wait;
        events.push(`end ${label}`);
      }
      static async [flush](wait: Promise<void>): Promise<void> {
        events.push('start flush');
        await wait;
        events.push('end flush');
      }
      async save(wait: Promise<void>): Promise<void> {
        events.push('start instance save');
        await wait;
        events.push('end instance save');
      }
    }
    const a = gate();
    const instanceBlocked = gate();
    const first = Store.save('a', a.promise);
    const flushing = Store[flush](Promise.resolve());
    const second = Store.save('b', Promise.resolve());
    // An instance has a queue of its own: it does not wait for the class's.
    const instance = new Store().save(instanceBlocked.promise);
    await settle();
    assert.deepEqual(events, ['start a', 'start instance save']);
    a.open();
    instanceBlocked.open();
    await Promise.all([first, flushing, second, instance]);
    assert.deepEqual(
      events.filter((event) => !event.includes('instance')),
      ['start a', 'end a', 'start flush', 'end flush', 'start b', 'end b'],
    );
    assert.equal(Store.save.name, 'save');
    assert.equal(Store.save.length, 2);
  });

  test('a #private async method is out of reach of @synchronized on the class; on the method itself it joins the queue', async () => {
    const events: string[] = [];
    class Task {
      @synchronized
      async #write(label: string, wait: Promise<void>): Promise<void> {
        events.push(`start ${label}`);
        await wait;
        events.push(`end ${label}`);
      }
      write(label: string, wait: Promise<void>): Promise<void> {
        return this.#write(label, wait);
      }
    }
    const task = new Task();
    const a = gate();
    const first = task.write('a', a.promise);
    const second = task.write('b', Promise.resolve());
    await settle();
    assert.deepEqual(events, ['start a']);
    a.open();
    await Promise.all([first, second]);
    assert.deepEqual(events, ['start a', 'end a', 'start b', 'end b']);
  });

  test('synchronized(fn) gives the function a queue of its own, keeping name and length', async () => {
    const events: string[] = [];
    const write = synchronized(async function write(label: string, wait: Promise<void>) {
      events.push(`start ${label}`);
      await wait;
      events.push(`end ${label}`);
    });
    assert.equal(write.name, 'write');
    assert.equal(write.length, 2);
    const a = gate();
    const first = write.call({ one: 1 }, 'a', a.promise);
    const second = write.call({ two: 2 }, 'b', Promise.resolve());
    await settle();
    assert.deepEqual(events, ['start a'], 'one queue whatever the receiver');
    a.open();
    await Promise.all([first, second]);
    assert.deepEqual(events, ['start a', 'end a', 'start b', 'end b']);
  });

  test('on anything but a method or a class it is refused as the class is defined', () => {
    const anyUse = synchronized as unknown as (value: unknown, context: unknown) => void;
    assert.throws(
      () => {
        class Task {
          @anyUse
          handler = async () => undefined;
        }
        return Task;
      },
      {
        code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
        message:
          /^@synchronized on the field "handler": Expected a method or a class but got a field\. Make the field a method/,
      },
    );
    assert.throws(() => synchronized(42 as unknown as () => Promise<void>), {
      code: 'ERR_HOOKLINE_NOT_A_FUNCTION',
    });
  });
});
