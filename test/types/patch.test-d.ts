import fs from 'node:fs';
import {
  type FunctionKeys,
  type Patch,
  patch,
  replace,
  type Spy,
  sandbox,
  spy,
} from 'hookline/patch';

const api = {
  retries: 3,
  add(a: number, b: number): number {
    return a + b;
  },
  async load(id: string): Promise<{ id: string }> {
    return { id };
  },
  get label(): string {
    return 'x';
  },
  set label(_value: string) {},
};
class Widget {
  constructor(readonly size: number) {}
}
const classes = { Widget };

// The wrapper's parameters come from the function patched.
const p1: Patch = patch(api, 'add', (original, self, args, newTarget) => {
  const [a, b]: [number, number] = args;
  const same: typeof api = self;
  const target: Function | undefined = newTarget;
  void same;
  void target;
  return original(a, b) * 2;
});
p1.restore();

// Builtins, with overloads, pass straight through.
patch(fs, 'readFileSync', (original, self, args) => original.apply(self, args));

// A wrapper must return what the function returns.
// @ts-expect-error: a string where a number is due
patch(api, 'add', () => 'not a number');

// Async functions: the wrapper returns the promise.
patch(api, 'load', async (original, _self, [id]) => original(id.toUpperCase()));

// Only existing keys; only functions.
// @ts-expect-error: no such property
patch(api, 'missing', () => 0);
// @ts-expect-error: not a function
patch(api, 'retries', () => 0);

// Constructors: args are the constructor's, newTarget is always set.
patch(classes, 'Widget', (original, self, args, newTarget) => {
  const none: undefined = self;
  void none;
  const [size]: [number] = args;
  return Reflect.construct(original, [size + 1], newTarget) as Widget;
});

// Getters and setters.
patch(api, 'label', (original, self) => original.call(self).toUpperCase(), { accessor: 'get' });
patch(api, 'label', (original, self, [value]) => original.call(self, value.trim()), {
  accessor: 'set',
});
// @ts-expect-error: a getter wrapper returns the value's type
patch(api, 'label', () => 42, { accessor: 'get' });

// Spies know the arguments and results.
const s: Spy<typeof api.add> = spy(api, 'add');
const firstArgs: [number, number] | undefined = s.calls[0]?.args;
const firstResult: number | undefined = s.calls[0]?.result;
void firstArgs;
void firstResult;
const loads = spy(api, 'load');
const settled = loads.calls[0]?.settled;
if (settled?.status === 'fulfilled') {
  const id: string = settled.value.id;
  void id;
}
// @ts-expect-error: no such property
spy(api, 'nothing');

// replace: the same type for a known key, anything for a new one.
replace(api, 'retries', 0);
// @ts-expect-error: a string where a number is due
replace(api, 'retries', 'zero');
replace(process.env, 'NODE_ENV', 'test');
replace(api as Record<string, unknown>, 'extra', { any: 'thing' });

// A sandbox has the same signatures.
const box = sandbox();
box.patch(api, 'add', (original, _self, args) => original(...args));
// @ts-expect-error: a string where a number is due
box.patch(api, 'add', () => 'no');
box.restore();

// spy() takes only keys that hold a function, unless it spies on an accessor.
// @ts-expect-error: not a function (spy on its getter with { accessor: 'get' }, or use replace)
spy(api, 'retries');
const hooks: { onError?: (error: Error) => void } = { onError: () => {} };
spy(hooks, 'onError');

// An accessor spy records the getter's result and the setter's argument.
const reads = spy(api, 'label', { accessor: 'get' });
const read: string | undefined = reads.calls[0]?.result;
const writes = spy(api, 'label', { accessor: 'set' });
const written: [string] | undefined = writes.calls[0]?.args;
void read;
void written;

// Arrays and tuples: their methods are keys to spy on, their length and elements are not.
const queue: string[] = [];
const pushes: Spy<(...items: string[]) => number> = spy(queue, 'push');
const pushed: string[] | undefined = pushes.calls[0]?.args;
void pushed;
spy(Array.prototype, 'push');
spy([1, 'a'] as [number, string], 'map');
spy(queue as readonly string[], 'slice');
// @ts-expect-error: length is a number
spy(queue, 'length');
// @ts-expect-error: an element of string[] is a string
spy(queue, 0);
const arrayKeys: FunctionKeys<string[]>[] = ['push', 'map', 'at'];
void arrayKeys;
