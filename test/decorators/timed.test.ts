import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timed } from 'hookline/decorators';

describe('timed: how long each call took', () => {
  test('@timed logs the time of a call to console.log', (t) => {
    const lines: string[] = [];
    t.mock.method(console, 'log', (line: string) => lines.push(line));
    class Job {
      @timed
      run(): number {
        return 7;
      }
    }
    const result = new Job().run();
    t.mock.restoreAll();
    assert.equal(result, 7);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^\* Time consumed by "run": \d+\.\d ms$/);
  });

  test('@timed({ onTime }) gets the milliseconds and the name in place of the line', () => {
    const times: [number, string][] = [];
    class Job {
      @timed({ onTime: (ms, name) => times.push([ms, name]) })
      run(): void {}
    }
    new Job().run();
    assert.equal(times.length, 1);
    const [ms, name] = times[0] ?? [];
    assert.equal(name, 'run');
    assert.equal(typeof ms, 'number');
    assert.ok((ms ?? -1) >= 0);
  });

  test('timed(fn) and timed({ log })(fn) wrap a function, keeping name, length and this', () => {
    const lines: string[] = [];
    const counter = {
      count: 0,
      bump(by: number): number {
        this.count += by;
        return this.count;
      },
    };
    const bump = timed({ log: (line) => lines.push(line) })(counter.bump);
    assert.equal(bump.name, 'bump');
    assert.equal(bump.length, 1);
    assert.equal(bump.call(counter, 3), 3);
    assert.equal(counter.count, 3);
    assert.match(lines[0] ?? '', /^\* Time consumed by "bump": /);
    const plain = timed(counter.bump);
    assert.equal(plain.name, 'bump');
  });

  test('an async call is timed until its promise settles', async () => {
    const events: string[] = [];
    let finish!: () => void;
    const wait = timed({ onTime: (_ms, name) => events.push(`timed ${name}`) })(
      async function wait(): Promise<void> {
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
    );
    const pending = wait();
    await Promise.resolve();
    assert.deepEqual(events, []);
    finish();
    await pending;
    assert.deepEqual(events, ['timed wait']);
  });

  test('a call that throws or rejects is timed too, and the error goes on', async () => {
    const names: string[] = [];
    const onTime = (_ms: number, name: string) => names.push(name);
    const fails = timed({ onTime })(function fails(): never {
      throw new Error('no');
    });
    const rejects = timed({ onTime })(async function rejects(): Promise<never> {
      throw new Error('no');
    });
    assert.throws(fails, { message: 'no' });
    await assert.rejects(rejects(), { message: 'no' });
    assert.deepEqual(names, ['fails', 'rejects']);
  });

  test('options of the wrong type are refused as they are given', () => {
    assert.throws(() => timed({ onTime: 1 as unknown as () => void }), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /timed\(options\): onTime: Expected a function but got number 1/,
    });
    assert.throws(() => timed({ ontime: () => {} } as never), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message:
        /timed\(options\): Expected only the options log, onTime but got the unknown option "ontime"\. Did you mean "onTime"\?/,
    });
  });
});
