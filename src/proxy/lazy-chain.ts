import { invalidOption, optionsRecord } from '../internal/options.js';
import { checkFunction } from './internal/refusals.js';

/**
 * A path of property names not fetched yet: each name read gives a deeper chain, reading the
 * terminal name (`data` unless chosen) or calling the chain fetches its path (a call hands
 * `fetch` its arguments too). The names a
 * function or an object has in TypeScript (`name`, `length`, `call`, `toString`, `constructor`, …)
 * are segments too, as they are at run time.
 */
export type LazyChain<R, Terminal extends string = 'data'> = LazyChainNode<R, Terminal> & {
  readonly [K in Terminal]: R;
} & {
  /** Not thenable: `await chain` gives the chain, and fetches nothing. */
  readonly then?: undefined;
};

/** The part of {@link LazyChain} that every chain has, whatever its terminal name. */
export interface LazyChainNode<R, Terminal extends string> {
  /** Fetches the chain's path, as reading the terminal name does, with these arguments. */
  (...args: unknown[]): R;
  readonly [segment: string]: LazyChain<R, Terminal>;
  readonly name: LazyChain<R, Terminal>;
  readonly length: LazyChain<R, Terminal>;
  readonly call: LazyChain<R, Terminal>;
  readonly apply: LazyChain<R, Terminal>;
  readonly bind: LazyChain<R, Terminal>;
  readonly arguments: LazyChain<R, Terminal>;
  readonly caller: LazyChain<R, Terminal>;
  readonly prototype: LazyChain<R, Terminal>;
  readonly constructor: LazyChain<R, Terminal>;
  readonly toString: LazyChain<R, Terminal>;
  readonly toLocaleString: LazyChain<R, Terminal>;
  readonly valueOf: LazyChain<R, Terminal>;
  readonly hasOwnProperty: LazyChain<R, Terminal>;
  readonly isPrototypeOf: LazyChain<R, Terminal>;
  readonly propertyIsEnumerable: LazyChain<R, Terminal>;
}

/** Options of {@link lazyChain}. */
export interface LazyChainOptions<Terminal extends string = 'data'> {
  /** The name whose read fetches the path: `data` unless set. */
  readonly terminal?: Terminal | undefined;
}

interface Chaining {
  readonly fetch: (path: readonly string[], args?: readonly unknown[]) => unknown;
  readonly terminal: string;
}

const where = 'lazyChain(fetch, options)';
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
/**
 * Names that are no segment, `undefined` on every chain: `then`, so that a chain is not taken for
 * a promise (`await chain`, an async function returning one, would call it and fetch); `toJSON`,
 * so that `JSON.stringify` leaves a chain out, as the function it is, rather than fetch.
 */
const notSegments = new Set(['then', 'toJSON']);

/**
 * A chain of property names that fetches only when its value is asked for — the talk's
 * `AzureTable`: `students.xiaoMing.Address.data` calls `fetch(['xiaoMing', 'Address'])`, and
 * `students.xiaoMing.Address()` does too; a call's arguments go to `fetch` second, as a frozen
 * array (`api.users.get(42)` calls `fetch(['users', 'get'], [42])`, an RPC). Reading a name gives a deeper chain and fetches
 * nothing; a chain is immutable and can be kept and read again. `await chain` gives the chain
 * (it is not thenable), `String(chain)` and `console.log(chain)` show its path as
 * `lazyChain(xiaoMing.Address)`, `JSON.stringify` leaves it out, and it is not iterable.
 *
 * @example
 * ```ts
 * import { lazyChain } from 'hookline/proxy';
 * const students = lazyChain((path) => download(`students/${path.join('/')}`));
 * const address = students['xiaoMing']['Address']; // nothing fetched yet
 * address.data; // download('students/xiaoMing/Address')
 * ```
 *
 * @throws {TypeError} `ERR_HOOKLINE_INVALID_ARGUMENT` for a `fetch` that is not a function, an
 * unknown option, or a terminal name that is not a non-empty string other than `then` and
 * `toJSON`; nothing is made then.
 */
export function lazyChain<R, const Terminal extends string = 'data'>(
  fetch: (path: readonly string[], args?: readonly unknown[]) => R,
  options?: LazyChainOptions<Terminal>,
): LazyChain<R, Terminal> {
  checkFunction(
    fetch,
    where,
    'a function (path) => value that fetches a path',
    'Pass a function, such as lazyChain((path) => table.get(path.join("/"))).',
  );
  const record = optionsRecord(
    options,
    where,
    ['terminal'],
    'lazyChain(fetch, { terminal: "value" })',
  );
  const terminal = record['terminal'] ?? 'data';
  if (typeof terminal !== 'string' || terminal === '' || notSegments.has(terminal)) {
    throw invalidOption(
      'lazyChain(fetch, { terminal })',
      'a non-empty name other than "then" and "toJSON", or nothing for "data"',
      terminal,
      'Name the property whose read fetches, such as { terminal: "value" }.',
    );
  }
  return chainAt([], { fetch, terminal }) as LazyChain<R, Terminal>;
}

function chainAt(path: readonly string[], chaining: Chaining): unknown {
  // Made when shown, not at each read: most chains are only read through.
  const show = () => `lazyChain(${pathText(path)})`;
  // The target is a function so that the chain can be called. Node's util.inspect (console.log)
  // shows a proxy's target without asking the proxy, so the target carries what to show.
  const target = () => undefined;
  Object.defineProperty(target, inspectCustom, { value: show });
  const fetchPath = () => Reflect.apply(chaining.fetch, undefined, [Object.freeze([...path])]);
  // A call's arguments were dropped before: `api.users.get(42)` fetched ['users', 'get'] alone.
  const fetchCalled = (_target: unknown, _self: unknown, args: unknown[]) =>
    Reflect.apply(chaining.fetch, undefined, [Object.freeze([...path]), Object.freeze([...args])]);
  return new Proxy(target, {
    get(_, key) {
      if (typeof key === 'symbol') {
        // Symbols are protocol keys, never names in a path.
        if (key === Symbol.toPrimitive || key === inspectCustom) return show;
        if (key === Symbol.toStringTag) return 'LazyChain';
        return undefined;
      }
      if (notSegments.has(key)) return undefined;
      if (key === chaining.terminal) return fetchPath();
      return chainAt([...path, key], chaining);
    },
    apply: fetchCalled,
    // Immutable: a chain stands for a path, and is shared as freely as a string.
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    setPrototypeOf: () => false,
  });
}

/** A path as code would read it: `xiaoMing.Address`, `rows["Jim Green"].age`. */
function pathText(path: readonly string[]): string {
  let text = '';
  for (const name of path) {
    text += /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(name)
      ? `${text === '' ? '' : '.'}${name}`
      : `[${JSON.stringify(name)}]`;
  }
  return text;
}
