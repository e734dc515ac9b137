import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { guard, logged, retry, stub, synchronized, timed } from 'hookline/decorators';
import { runNode } from '../helpers/run-node.js';

/**
 * A query builder as knex, Mongoose, Drizzle and Prisma make them: a thenable that runs its query
 * when `then` is called, with the clauses added by then.
 */
class Query implements PromiseLike<string> {
  readonly clauses: string[] = [];
  runs = 0;

  where(clause: string): this {
    this.clauses.push(clause);
    return this;
  }

  // biome-ignore lint/suspicious/noThenProperty: a thenable is the point.
  then<A = string, B = never>(
    onFulfilled?: ((value: string) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    this.runs++;
    const where = this.clauses.length > 0 ? ` WHERE ${this.clauses.join(' AND ')}` : '';
    return Promise.resolve(`SELECT * FROM users${where}`).then(onFulfilled, onRejected);
  }
}

/** Lets every callback already queued run: enough turns for a chain of reactions to settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A promise and the functions that settle it, for a test to say when it settles. */
function gate<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('what a decorated function returns reaches the caller as it is', () => {
  test('@logged and @timed hand back the very query builder, and never run it themselves', async () => {
    const lines: string[] = [];
    const times: string[] = [];
    class Repository {
      @logged({ log: (line) => lines.push(line) })
      users(): Query {
        return new Query();
      }
      @timed({ onTime: (_ms, name) => times.push(name) })
      admins(): Query {
        return new Query().where('admin');
      }
    }
    const repository = new Repository();
    const users = repository.users();
    const admins = repository.admins();
    assert.ok(users instanceof Query);
    assert.ok(admins instanceof Query);
    await settle();
    assert.equal(users.runs, 0, 'not run before the caller awaits it');
    assert.equal(admins.runs, 0);
    // A thenable is a value like another: Exit and the time come as it is returned.
    assert.deepEqual(lines, ['* Enter "users"', '* Exit "users"']);
    assert.deepEqual(times, ['admins']);
    assert.equal(await users.where('active'), 'SELECT * FROM users WHERE active');
    assert.equal(await admins, 'SELECT * FROM users WHERE admin');
    assert.equal(users.runs, 1);
    assert.equal(admins.runs, 1);
  });

  test('@logged and @timed hand back the very promise, followed to its end: a memoised one stays one object', async () => {
    const lines: string[] = [];
    const times: number[] = [];
    const pending = gate<string>();
    class Cache {
      @timed({ onTime: (ms) => times.push(ms) })
      @logged({ log: (line) => lines.push(line) })
      get(): Promise<string> {
        return pending.promise;
      }
    }
    const cache = new Cache();
    const first = cache.get();
    assert.equal(first, pending.promise);
    assert.equal(cache.get(), first);
    await settle();
    assert.deepEqual(lines, ['* Enter "get"', '* Enter "get"'], 'no Exit before it settles');
    assert.equal(times.length, 0);
    pending.resolve('cached');
    assert.equal(await first, 'cached');
    assert.deepEqual(lines, ['* Enter "get"', '* Enter "get"', '* Exit "get"', '* Exit "get"']);
    assert.equal(times.length, 2);
  });

  test('a rejection of the very promise is logged as a Throw, and the caller sees it reject', async () => {
    const lines: string[] = [];
    const failure = new Error('cache down');
    const failed = Promise.reject(failure);
    const read = logged({ log: (line) => lines.push(line) })(() => failed);
    const result = read();
    assert.equal(result, failed);
    await assert.rejects(result, (error) => error === failure);
    assert.deepEqual(lines, ['* Enter "anonymous"', '* Throw "anonymous": cache down']);
  });

  test('a promise subclass is never then-ed: its then is its own', async () => {
    let thens = 0;
    class Tracked<T> extends Promise<T> {
      // biome-ignore lint/suspicious/noThenProperty: a promise subclass is the point.
      override then<A = T, B = never>(
        onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
        onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
      ): Promise<A | B> {
        thens++;
        return super.then(onFulfilled, onRejected);
      }
    }
    const lines: string[] = [];
    const tracked = new Tracked<number>((resolve) => resolve(1));
    const get = logged({ log: (line) => lines.push(line) })(function get() {
      return tracked;
    });
    assert.equal(get(), tracked);
    await settle();
    assert.equal(thens, 0);
    assert.deepEqual(lines, ['* Enter "get"', '* Exit "get"']);
  });

  test('@retry hands a query builder back unrun; a synchronous throw before it is still retried', async () => {
    let calls = 0;
    const users = retry({ times: 2 })(function users(): Query {
      calls++;
      if (calls === 1) throw new Error('pool busy');
      return new Query();
    });
    const query = users();
    assert.equal(calls, 2);
    assert.ok(query instanceof Query);
    await settle();
    assert.equal(query.runs, 0);
    assert.equal(await query.where('active'), 'SELECT * FROM users WHERE active');
  });

  test('@guard and @stub hand back the very builder, unrun', async () => {
    const query = new Query();
    const guarded = guard(() => true)(() => query);
    const stubbed = stub(query)(() => new Query());
    assert.equal(guarded(), query);
    assert.equal(stubbed(), query);
    await settle();
    assert.equal(query.runs, 0);
  });

  test('@synchronized runs a returned builder in its turn, holds the queue until it ends, and gives a promise of its result', async () => {
    const events: string[] = [];
    const first = gate<void>();
    const query = new Query();
    class Repository {
      @synchronized
      async migrate(): Promise<void> {
        events.push('migrate start');
        await first.promise;
        events.push('migrate end');
      }
      @synchronized
      users(): Query {
        events.push('users called');
        return query;
      }
    }
    const repository = new Repository();
    const migrating = repository.migrate();
    const users = repository.users();
    assert.ok(
      users instanceof Promise,
      'a promise: a call waiting its turn cannot return the builder',
    );
    await settle();
    assert.deepEqual(events, ['migrate start']);
    assert.equal(query.runs, 0);
    first.resolve();
    await migrating;
    assert.equal(await users, 'SELECT * FROM users');
    assert.deepEqual(events, ['migrate start', 'migrate end', 'users called']);
    assert.equal(query.runs, 1);
  });
});

describe("a followed promise's handling: as without the decorator", () => {
  const script = (body: string) => `
    import { logged, timed } from 'hookline/decorators';
    const log = () => {};
    const api = {
      memo: undefined,
      save: logged({ log })(function save() {
        // Fire and forget: the function handles its own promise and returns it.
        api.memo ??= Promise.reject(new Error('disk full'));
        api.memo.catch(() => console.log('handled inside'));
        return api.memo;
      }),
      load: timed({ log })(async function load() {
        throw new Error('disk on fire');
      }),
    };
    ${body}
  `;

  test('a rejection the function handled itself is not turned into an unhandled one', () => {
    const result = runNode(['--input-type=module', '-e', script('api.save();')]);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'handled inside\n');
    assert.equal(result.status, 0);
  });

  test("an async function's rejection nobody handles is reported by Node, as without @timed", () => {
    const result = runNode(['--input-type=module', '-e', script('api.load();')]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Error: disk on fire/);
  });
});
