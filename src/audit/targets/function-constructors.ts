import type { AuditEventArgs } from '../types.js';

/** A wrapper as the audit makes them: the original, `this`, the arguments, `new.target`. */
export type ConstructorWrapper = (
  original: (...args: unknown[]) => unknown,
  self: unknown,
  args: unknown[],
  newTarget: Function | undefined,
) => unknown;

/**
 * The constructors that compile code from strings, taken as hookline loads (once they are
 * watched, their prototypes' `constructor` is the watching proxy): `Function` and its async and
 * generator kin, which are no globals but every such function's `constructor`.
 */
const originals: readonly (readonly [string, Function])[] = [
  ['Function', Function],
  ['AsyncFunction', Object.getPrototypeOf(async () => {}).constructor],
  ['GeneratorFunction', Object.getPrototypeOf(function* () {}).constructor],
  ['AsyncGeneratorFunction', Object.getPrototypeOf(async function* () {}).constructor],
];

/** The event's args of a call of constructor `api`: its last argument is the body. */
export function compilingFunction(args: unknown[], api: string): AuditEventArgs['code.eval'] {
  return {
    kind: 'function',
    code: args.length === 0 ? '' : String(args[args.length - 1]),
    filename: undefined,
    api,
  };
}

/**
 * Stands a proxy in for each constructor — as the global `Function` and as the `constructor` of
 * its prototype, which `(function () {}).constructor(code)` reaches — whose calls and `new`s go
 * through `wrapperFor(name)`. A proxy, not a new function: `instanceof Function`, `.prototype`,
 * `.name`, `.constructor === Function` and `String(Function)` (native code) stay as they were for
 * every function, made before or after. Returns what puts the constructors back, where they are
 * still the proxies. Throws where they cannot be replaced (`--frozen-intrinsics`), changing
 * nothing.
 */
export function watchFunctionConstructors(
  wrapperFor: (name: string) => ConstructorWrapper,
): () => void {
  const undo: (() => void)[] = [];
  try {
    for (const [name, original] of originals) {
      const wrapper = wrapperFor(name);
      const proxy = new Proxy(original, {
        apply: (target, self, args) => wrapper(target as never, self, args, undefined),
        construct: (target, args, newTarget) =>
          wrapper(target as never, undefined, args, newTarget) as object,
      });
      undo.push(replace(original.prototype, 'constructor', original, proxy));
      if (name === 'Function') undo.push(replace(globalThis, 'Function', original, proxy));
    }
  } catch (error) {
    for (const step of undo.reverse()) step();
    throw error;
  }
  return () => {
    for (const step of undo.reverse()) step();
  };
}

/** Sets `owner[key]` from `original` to `proxy`, keeping its attributes; returns the undo. */
function replace(owner: object, key: string, original: Function, proxy: Function): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(owner, key);
  if (descriptor?.value !== original) {
    throw new Error(`${key} is no longer the original constructor`);
  }
  Object.defineProperty(owner, key, { ...descriptor, value: proxy });
  return () => {
    // Where the program has put another in its place since, that one stays.
    if (Object.getOwnPropertyDescriptor(owner, key)?.value === proxy) {
      Object.defineProperty(owner, key, descriptor);
    }
  };
}
