import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { lazyChain } from 'hookline/proxy';

/** The talk's AzureTable: prints as it downloads, and says what it downloaded. */
function azureTable(url: string) {
  const printed: string[] = [];
  const fetches: (readonly string[])[] = [];
  const table = lazyChain((path) => {
    fetches.push(path);
    printed.push(`*** Downloading from "${url}/${path.join('/')}"`, '*** Downloading Complete');
    return `Hello PyCon 2016: ${path.join('.')}`;
  });
  return { table, printed, fetches };
}

test('the seed: students.xiaoMing.Address.data downloads only when .data is read, with the path read; then students.Jim.birthday.data', () => {
  const { table: students, printed } = azureTable('user1.storage.azure.com/table/students');
  const address = students['xiaoMing']?.['Address'];
  assert.equal(printed.length, 0);
  printed.push(String(address?.data));
  printed.push('-'.repeat(30));
  printed.push(String(students['Jim']?.['birthday']?.data));
  assert.deepEqual(printed, [
    '*** Downloading from "user1.storage.azure.com/table/students/xiaoMing/Address"',
    '*** Downloading Complete',
    'Hello PyCon 2016: xiaoMing.Address',
    '------------------------------',
    '*** Downloading from "user1.storage.azure.com/table/students/Jim/birthday"',
    '*** Downloading Complete',
    'Hello PyCon 2016: Jim.birthday',
  ]);
});

test('a chain is immutable and reusable: reading a name twice gives chains of equal paths, each fetch gets a frozen path of its own, calling a chain fetches as .data does', () => {
  const { table, fetches } = azureTable('t');
  const row = table['row'];
  const first = row?.['col'];
  const second = row?.['col'];
  assert.equal(String(first), 'lazyChain(row.col)');
  assert.equal(String(second), String(first));
  assert.equal(String(row), 'lazyChain(row)');
  assert.equal(first?.data, 'Hello PyCon 2016: row.col');
  assert.equal(second?.(), 'Hello PyCon 2016: row.col');
  assert.equal(row?.['other']?.data, 'Hello PyCon 2016: row.other');
  assert.equal(table(), 'Hello PyCon 2016: ');
  assert.deepEqual(fetches, [['row', 'col'], ['row', 'col'], ['row', 'other'], []]);
  assert.ok(fetches.every((path) => Object.isFrozen(path)));
  assert.notEqual(fetches[0], fetches[1]);
  assert.throws(() => {
    (row as unknown as Record<string, unknown>)['col'] = 1;
  }, TypeError);
  assert.throws(() => Object.defineProperty(row, 'x', { value: 1 }), TypeError);
  assert.equal(Reflect.deleteProperty(row as object, 'col'), false);
  assert.equal(String(row?.['col']), 'lazyChain(row.col)');
});

test('a call hands fetch its arguments, second, as a frozen array: an RPC chain', () => {
  const calls: [readonly string[], readonly unknown[] | undefined][] = [];
  const api = lazyChain((path, args?: readonly unknown[]) => {
    calls.push([path, args]);
    return path.join('.');
  });
  assert.equal(api['users']?.['get']?.(42, { fields: ['name'] }), 'users.get');
  assert.equal(api['users']?.['list']?.(), 'users.list');
  assert.equal(api['users']?.['count']?.data, 'users.count');
  assert.deepEqual(calls, [
    [
      ['users', 'get'],
      [42, { fields: ['name'] }],
    ],
    [['users', 'list'], []],
    [['users', 'count'], undefined],
  ]);
  assert.ok(Object.isFrozen(calls[0]?.[1]));
});

test('the names a function or an object has are segments like any other: name, length, call, toString, constructor', () => {
  const { table, fetches } = azureTable('t');
  assert.equal(table.name.length.call.data, 'Hello PyCon 2016: name.length.call');
  assert.equal(
    table.toString.constructor.valueOf(),
    'Hello PyCon 2016: toString.constructor.valueOf',
  );
  assert.deepEqual(fetches, [
    ['name', 'length', 'call'],
    ['toString', 'constructor', 'valueOf'],
  ]);
});

test('await, String, template strings, console.log, util.inspect, JSON.stringify, Object.prototype.toString and spreading treat a chain sanely, and fetch nothing', async () => {
  const { table, fetches } = azureTable('t');
  const chain = table['xiaoMing']?.['Address'];
  assert.ok(chain);
  assert.equal(chain.then, undefined);
  assert.equal(await chain, chain);
  assert.equal(await Promise.resolve(chain), chain);
  const returned = await (async () => chain)();
  assert.equal(returned, chain);
  assert.equal(String(chain), 'lazyChain(xiaoMing.Address)');
  assert.equal(`${chain}`, 'lazyChain(xiaoMing.Address)');
  assert.equal(inspect(chain), 'lazyChain(xiaoMing.Address)');
  assert.equal(inspect({ address: chain }), '{ address: lazyChain(xiaoMing.Address) }');
  assert.equal(inspect(table['Jim Green']?.['age']), 'lazyChain(["Jim Green"].age)');
  assert.equal(Object.prototype.toString.call(chain), '[object LazyChain]');
  assert.equal(JSON.stringify({ address: chain }), '{}');
  assert.equal(JSON.stringify(chain), undefined);
  assert.throws(() => [...(chain as unknown as Iterable<unknown>)], /is not iterable/);
  assert.equal((chain as unknown as Record<symbol, unknown>)[Symbol.asyncIterator], undefined);
  assert.equal(typeof chain, 'function');
  assert.deepEqual(fetches, []);
});

test('a custom terminal name fetches instead of data, which is then a segment; an async fetch is awaited at the terminal, and what fetch throws is what the read throws', async () => {
  const fetched: string[] = [];
  const store = lazyChain(
    async (path) => {
      fetched.push(path.join('/'));
      return path.length;
    },
    { terminal: 'value' },
  );
  assert.equal(await store['data']?.['x']?.value, 2);
  assert.deepEqual(fetched, ['data/x']);

  const failing = lazyChain((path) => {
    throw new Error(`no row ${path.join('.')}`);
  });
  const row = failing['a'];
  assert.throws(() => row?.data, { message: 'no row a' });
  assert.throws(() => row?.(), { message: 'no row a' });
});
