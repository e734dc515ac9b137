import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { logged, timed } from 'hookline/decorators';

describe('logged: enter, exit and throw lines around each call', () => {
  test('@logged on a method logs with the default prefix to console.log', (t) => {
    const lines: string[] = [];
    t.mock.method(console, 'log', (line: string) => lines.push(line));
    class Job {
      constructor(readonly who: string) {}
      @logged
      greet(name: string): string {
        return `${this.who} greets ${name}`;
      }
    }
    const result = new Job('Ann').greet('Bob');
    t.mock.restoreAll();
    assert.equal(result, 'Ann greets Bob');
    assert.deepEqual(lines, ['* Enter "greet"', '* Exit "greet"']);
  });

  test('@logged({ prefix, log }) uses them, as the seed\'s logger("+") does', () => {
    const lines: string[] = [];
    class Worker {
      @logged({ prefix: '+', log: (line) => lines.push(line) })
      doJob(): void {
        lines.push('Hello PyCon 2016 China!');
      }
    }
    new Worker().doJob();
    assert.deepEqual(lines, ['+ Enter "doJob"', 'Hello PyCon 2016 China!', '+ Exit "doJob"']);
  });

  test("the seed's @timer over @logger('+'): the lines nest as the decorators do", () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    class Worker {
      @timed({ log })
      @logged({ prefix: '+', log })
      doJob(): void {
        lines.push('Hello PyCon 2016 China!');
      }
    }
    new Worker().doJob();
    assert.deepEqual(lines.slice(0, 3), [
      '+ Enter "doJob"',
      'Hello PyCon 2016 China!',
      '+ Exit "doJob"',
    ]);
    assert.match(lines[3] ?? '', /^\* Time consumed by "doJob": \d+\.\d ms$/);
    assert.equal(lines.length, 4);
  });

  test('logged(fn) and logged(options)(fn) wrap a function, keeping name, length and this', () => {
    const lines: string[] = [];
    function add(this: { base: number }, a: number, b: number): number {
      return this.base + a + b;
    }
    const plain = logged(add);
    const withOptions = logged({ prefix: '>', log: (line) => lines.push(line) })(add);
    for (const wrapped of [plain, withOptions]) {
      assert.equal(wrapped.name, 'add');
      assert.equal(wrapped.length, 2);
    }
    assert.equal(withOptions.call({ base: 10 }, 1, 2), 13);
    assert.deepEqual(lines, ['> Enter "add"', '> Exit "add"']);
  });

  test('the decorated method keeps its name and length', () => {
    class Shape {
      @logged({ log: () => undefined })
      area(width: number, height: number): number {
        return width * height;
      }
    }
    assert.equal(Shape.prototype.area.name, 'area');
    assert.equal(Shape.prototype.area.length, 2);
  });

  test('a throw is logged with its message and goes on to the caller', () => {
    const lines: string[] = [];
    const failure = new Error('disk full');
    const save = logged({ log: (line) => lines.push(line) })(function save(): never {
      throw failure;
    });
    assert.throws(save, (error) => error === failure);
    assert.deepEqual(lines, ['* Enter "save"', '* Throw "save": disk full']);
  });

  test('an async method is exited when its promise settles, not when it returns', async () => {
    const lines: string[] = [];
    let finish!: () => void;
    class Loader {
      @logged({ log: (line) => lines.push(line) })
      async load(): Promise<string> {
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        return 'loaded';
      }
    }
    const pending = new Loader().load();
    await Promise.resolve();
    assert.deepEqual(lines, ['* Enter "load"']);
    finish();
    assert.equal(await pending, 'loaded');
    assert.deepEqual(lines, ['* Enter "load"', '* Exit "load"']);
  });

  test('a rejection is logged as a throw, and the promise still rejects', async () => {
    const lines: string[] = [];
    const fetchIt = logged({ log: (line) => lines.push(line) })(async function fetchIt() {
      throw new TypeError('offline');
    });
    await assert.rejects(fetchIt(), { name: 'TypeError', message: 'offline' });
    assert.deepEqual(lines, ['* Enter "fetchIt"', '* Throw "fetchIt": offline']);
  });

  test('private, static and symbol-named methods are named as declared', () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const id = Symbol('id');
    class Named {
      @logged({ log })
      static create(): Named {
        return new Named();
      }
      @logged({ log })
      #secret(): number {
        return 1;
      }
      @logged({ log })
      [id](): number {
        return this.#secret();
      }
    }
    Named.create()[id]();
    assert.deepEqual(lines, [
      '* Enter "create"',
      '* Exit "create"',
      '* Enter "[id]"',
      '* Enter "#secret"',
      '* Exit "#secret"',
      '* Exit "[id]"',
    ]);
  });

  test('options of the wrong type are refused as they are given', () => {
    assert.throws(() => logged({ prefix: 3 as unknown as string }), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /logged\(options\): prefix: Expected a string but got number 3/,
    });
    assert.throws(() => logged({ log: 'console' as unknown as () => void }), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /log: Expected a function/,
    });
    assert.throws(() => logged(42 as unknown as undefined), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /Expected an options object but got number 42/,
    });
    assert.throws(() => logged({ logger: console.log } as never), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message:
        /logged\(options\): Expected only the options prefix, log but got the unknown option "logger"/,
    });
  });
});

describe('a reporting function that throws', () => {
  test('is reported as a HooklineWarning, once, and the call it reports goes on with its result', async () => {
    const warnings: Error[] = [];
    const listen = (warning: Error) => warnings.push(warning);
    process.on('warning', listen);
    try {
      const failing = () => {
        throw new Error('log is down');
      };
      const add = logged({ log: failing })((a: number, b: number) => a + b);
      const measured = timed({ onTime: failing })((a: number) => a * 2);
      assert.equal(add(1, 2), 3);
      assert.equal(add(2, 3), 5);
      assert.equal(measured(4), 8);
      // process.emitWarning emits on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      const texts = warnings.map((warning) => `${warning.name}: ${warning.message}`);
      assert.deepEqual(texts, [
        "HooklineWarning: @logged's reporting function threw; the call it reports goes on (log is down)",
        "HooklineWarning: @timed's reporting function threw; the call it reports goes on (log is down)",
      ]);
    } finally {
      process.off('warning', listen);
    }
  });
});
