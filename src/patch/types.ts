/** Any function that can be called. */
export type AnyFunction = (...args: any[]) => any;
/** Any class or function that can be called with `new`. */
export type AnyConstructor = abstract new (...args: any[]) => any;

/**
 * The keys of `T` that hold a function or a class (or might: `any`, `unknown`, an optional
 * method), the ones `spy()` can wrap without an `accessor` option.
 *
 * @example
 * ```ts
 * type Api = { retries: number; load(): void; onError?: () => void };
 * type Keys = FunctionKeys<Api>; // 'load' | 'onError'
 * type OfArray = FunctionKeys<string[]>; // 'push' | 'map' | …, not 'length' nor an index
 * ```
 */
export type FunctionKeys<T> = KeysHoldingFunctions<T, keyof T>;

// Keys taken one by one rather than through a mapped type, which TypeScript maps element by
// element for an array or a tuple, so that no method name of an array came out.
type KeysHoldingFunctions<T, K extends keyof T> = K extends unknown
  ? 0 extends 1 & T[K]
    ? K
    : unknown extends T[K]
      ? K
      : NonNullable<T[K]> extends AnyFunction | AnyConstructor
        ? K
        : never
  : never;

/** The receiver a wrapper sees: the function's declared `this`, else the patched object. */
export type SelfOf<F, T> = F extends AnyFunction
  ? unknown extends ThisParameterType<F>
    ? T
    : ThisParameterType<F>
  : T;

/**
 * A wrapper as `patch()` takes it, in the shape of wrapt's `(wrapped, instance, args, kwargs)`:
 * the function below (the original, or the next patch down), the receiver (`undefined` when
 * called with `new`), the arguments as an array, and `new.target` (`undefined` unless called
 * with `new`). What it returns is what the caller gets.
 */
export type Wrapper<F, T = unknown> = 0 extends 1 & F
  ? UntypedWrapper<T>
  : unknown extends F
    ? UntypedWrapper<T>
    : TypedWrapper<F, T>;

/** A wrapper of a property whose type is not known (`any` or `unknown`): checked at run time. */
export type UntypedWrapper<T = unknown> = (
  original: (...args: any[]) => any,
  self: T,
  args: any[],
  newTarget: Function | undefined,
) => unknown;

/** A wrapper of a property typed as a function or a constructor. */
export type TypedWrapper<F, T> = F extends AnyFunction
  ? (
      original: F,
      self: SelfOf<F, T>,
      args: Parameters<F>,
      newTarget: Function | undefined,
    ) => ReturnType<F>
  : F extends AnyConstructor
    ? (
        original: F,
        self: undefined,
        args: ConstructorParameters<F>,
        newTarget: Function,
      ) => InstanceType<F>
    : never;

/** A wrapper of a getter: `original.call(self)` reads the value. */
export type GetterWrapper<V, T = unknown> = (
  original: (this: T) => V,
  self: T,
  args: [],
  newTarget: undefined,
) => V;

/** A wrapper of a setter: `original.call(self, value)` stores the value. */
export type SetterWrapper<V, T = unknown> = (
  original: (this: T, value: V) => void,
  self: T,
  args: [value: V],
  newTarget: undefined,
) => void;

/** Options of `patch()` and `spy()`. */
export interface AccessorOption {
  /** Wrap the property's getter (`'get'`) or setter (`'set'`) instead of the function it holds. */
  readonly accessor?: 'get' | 'set' | undefined;
}

/**
 * One installed patch. Restoring puts the property back exactly as it was (its descriptor, and
 * whether it was own or inherited) and leaves any other patch of the same property working.
 */
export interface Patch extends Disposable {
  /** Takes the patch off; calling it again does nothing. */
  restore(): void;
  /** True until `restore()` (or `restoreAll()`, or the end of a `using` block). */
  readonly active: boolean;
}

/** The arguments a function (or a constructor) takes. */
export type ArgumentsOf<F> = F extends AnyFunction
  ? Parameters<F>
  : F extends AnyConstructor
    ? ConstructorParameters<F>
    : unknown[];

/** What a function (or a constructor) returns. */
export type ResultOf<F> = F extends AnyFunction
  ? ReturnType<F>
  : F extends AnyConstructor
    ? InstanceType<F>
    : unknown;

/** One call recorded by a spy. */
export interface SpyCall<F = AnyFunction> {
  /** The receiver; `undefined` for a plain call or a call with `new`. */
  readonly self: unknown;
  /** The arguments, as passed. */
  readonly args: ArgumentsOf<F>;
  /** What the call returned; `undefined` when it threw (or has not returned yet). */
  result: ResultOf<F> | undefined;
  /** What the call threw, when it threw. */
  error?: unknown;
  /** Whether the call threw. */
  threw: boolean;
  /**
   * How the promise the call returned settled, once it has: a native promise only, and only
   * with the `settle` option on (the default).
   */
  settled?: PromiseSettledResult<Awaited<ResultOf<F>>>;
  /** The stack at the call, when the spy was made with `{ stack: true }`. */
  readonly stack?: string;
}

/** A pass-through patch that records every call. */
export interface Spy<F = AnyFunction> extends Patch {
  /** Every call so far, oldest first. Empty it with `spy.calls.length = 0`. */
  readonly calls: SpyCall<F>[];
}

/** Options of `spy()`. */
export interface SpyOptions extends AccessorOption {
  /**
   * Record how returned native promises settle (`call.settled`). The caller always gets the very
   * promise; observing it counts as handling it, so a rejection nobody else handles is recorded
   * instead of reported by Node. Set to `false` to take no reaction on it (and record no
   * `settled`). Default `true`.
   */
  readonly settle?: boolean | undefined;
  /** Record the stack of every call (`call.stack`); costs a stack trace a call. Default `false`. */
  readonly stack?: boolean | undefined;
}

/** Output captured by `captureOutput()`. */
export interface Capture extends Disposable {
  /** Everything written to the captured streams, in the order it was written. */
  readonly text: string;
  /** What was written to `process.stdout`. */
  readonly stdout: string;
  /** What was written to `process.stderr`. */
  readonly stderr: string;
  /** Stops capturing; the streams write to the terminal (or wherever they went) again. */
  restore(): void;
  /** True until restored. */
  readonly active: boolean;
}

/** Options of `captureOutput()`. */
export interface CaptureOptions {
  /** Capture `process.stdout`. Default `true`. */
  readonly stdout?: boolean | undefined;
  /** Capture `process.stderr`. Default `true`. */
  readonly stderr?: boolean | undefined;
  /** Also let the output through to the real stream (tee). Default `false`. */
  readonly echo?: boolean | undefined;
}
