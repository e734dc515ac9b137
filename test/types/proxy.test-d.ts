import {
  type LazyChain,
  lazyChain,
  type ObserveListeners,
  observe,
  unobserve,
  type WithDefaults,
  withDefaults,
} from 'hookline/proxy';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

// observe returns the target's own type; the listeners get the target typed.
const audited: Point = observe(new Point(1, 2), {
  get: (key: string | symbol, value: unknown, target: Point) => console.log(key, value, target.x),
  set: (key, value, previous, target) => console.log(key, value, previous, target.y),
  delete: (key, previous) => console.log(key, previous),
});
const x: number = audited.x;
const listeners: ObserveListeners<Map<string, number>> = { get: undefined };
const map: Map<string, number> = observe(new Map<string, number>(), listeners);
const stopped: boolean = unobserve(map);
// @ts-expect-error: a primitive cannot be observed
observe(42, {});
// @ts-expect-error: the listeners are an object, not a function
observe(new Point(1, 2), () => undefined);
// @ts-expect-error: a misspelt listener
observe(new Point(1, 2), { gets: () => undefined });
// @ts-expect-error: the listeners are required
observe(new Point(1, 2));

// withDefaults: the target's properties keep their types; any other name is the fallback's.
const p: WithDefaults<Point, string> = withDefaults(new Point(1, 2), (key: string) => key);
const px: number = p.x;
const pz: string | undefined = p['z'];
const asPoint: Point = p;
const grouped = withDefaults({} as Record<string, number[]>, (key, target) => {
  target[key] = [];
  return target[key];
});
const group: number[] | undefined = grouped['a'];
// @ts-expect-error: the fallback gets a string key, not a number
withDefaults(new Point(1, 2), (key: number) => key);
// @ts-expect-error: the fallback must be a function
withDefaults(new Point(1, 2), 'z');
// @ts-expect-error: names from the fallback are read with brackets (noPropertyAccessFromIndexSignature)
p.z;

// lazyChain: the terminal name is R, any other name a deeper chain, and calling fetches too.
const students = lazyChain((path: readonly string[]) => `Hello ${path.join('.')}`);
const data: string = students.name.length.data;
const called: string = students.name();
// A call's arguments go to fetch, second.
const api = lazyChain((path, args?: readonly unknown[]) => [path, args?.length ?? 0] as const);
const rpc: readonly [readonly string[], number] | undefined = api['users']?.['get']?.(42, 'name');
const deep: LazyChain<string> | undefined = students['xiaoMing'];
const address: string | undefined = students['xiaoMing']?.['Address']?.data;
const notThenable: undefined = students.then;
async function awaited(): Promise<LazyChain<string>> {
  return await students;
}
// An async fetch: the terminal is the promise.
const rows = lazyChain(async (path) => path.length);
const count: Promise<number> = rows.length.data;
// A custom terminal name is typed too; data is then a segment.
const store = lazyChain(() => 42, { terminal: 'value' });
const value: number = store.name.value;
const segment: LazyChain<number, 'value'> | undefined = store['data'];
// @ts-expect-error: the terminal of this chain is value, data is a segment
const wrong: number = store.name.data;
// @ts-expect-error: fetch must be a function
lazyChain('url');
// @ts-expect-error: the terminal is a name
lazyChain(() => 1, { terminal: 1 });
// @ts-expect-error: a chain is immutable
students.name = students;

export {
  address,
  asPoint,
  awaited,
  called,
  count,
  data,
  deep,
  group,
  notThenable,
  px,
  pz,
  rpc,
  segment,
  stopped,
  value,
  wrong,
  x,
};
