/** One call of a function `traceCalls()` wraps, as its listeners see it. */
export interface TracedCall {
  /** The property the function was found under: `"readFile"`. */
  readonly name: string;
  /** The receiver (`this`), `undefined` for a call with `new`. */
  readonly self: unknown;
  /**
   * The arguments, as the array the original receives: changing an element (or the length)
   * in `onCall` changes what the original is called with.
   */
  readonly args: unknown[];
  /** How many traced calls were running when this one began: 0 for the outermost. */
  readonly depth: number;
  /** When the call began, as `performance.now()` (milliseconds since the process started). */
  readonly startedAt: number;
}

/** Which properties `traceCalls()` wraps: names, a pattern they match, or a test. */
export type TraceInclude = readonly string[] | RegExp | ((name: string) => boolean);

/** What `traceCalls()` takes besides the target. */
export interface TraceCallsOptions {
  /** Which function-valued properties to wrap; all of them unless given. */
  readonly include?: TraceInclude | undefined;
  /** Before the original runs; may change `call.args`. */
  readonly onCall?: ((call: TracedCall) => void) | undefined;
  /** After the original returned: for a promise, once it is fulfilled, with its value. */
  readonly onReturn?: ((call: TracedCall, value: unknown) => void) | undefined;
  /** After the original threw: for a promise, once it is rejected, with its reason. */
  readonly onThrow?: ((call: TracedCall, error: unknown) => void) | undefined;
}

/** Where an exception was thrown: the innermost frame of the program's own code. */
export interface ThrowLocation {
  /** The file's path, or its URL when it is not a `file:` one (`''` for code from `eval`). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** `''` at a module's top level or in an anonymous function. */
  readonly functionName: string;
}

/** One exception thrown in the main thread, as `onException()` reports it. */
export interface ExceptionEvent {
  /** What was thrown, the value itself. */
  readonly error: unknown;
  /** Whether a `try` (or a promise's rejection handler) was there to catch it, as V8 predicts. */
  readonly caught: boolean;
  readonly location: ThrowLocation;
  /** When it was thrown, in milliseconds since the epoch (as `Date.now()`). */
  readonly time: number;
  /**
   * With `locals: true`: the variables of the throwing function's own and block scopes, as
   * JSON-able copies (see docs/trace.md for how non-plain values are shown).
   */
  readonly locals?: Readonly<Record<string, unknown>>;
}

/** What `onException()` takes besides the listener. */
export interface OnExceptionOptions {
  /** Report exceptions a `try` catches too (the default); `false` for uncaught ones only. */
  readonly caught?: boolean | undefined;
  /** Copy the throwing frame's local variables into `locals` (off by default). */
  readonly locals?: boolean | undefined;
}

/** What `logpoint()` takes besides the location and the expression. */
export interface LogpointOptions {
  /** Gets the expression's value each time; `console.log` of it with the location unless given. */
  readonly log?: ((value: unknown) => void) | undefined;
}

/** A span's attributes: what OpenTelemetry takes (strings, numbers, booleans and arrays of one). */
export type SpanAttributes = Readonly<
  Record<
    string,
    string | number | boolean | readonly string[] | readonly number[] | readonly boolean[]
  >
>;

/** A span as `onSpan()` listeners get it, once it has ended: JSON-able as it is. */
export interface SpanEvent {
  readonly name: string;
  /** Unique in the process: 1 for the first span. */
  readonly id: number;
  /** The `id` of the span that was current where this one began; `undefined` for a root span. */
  readonly parent: number | undefined;
  readonly attributes: SpanAttributes;
  /** When it began, in milliseconds since the epoch (as `Date.now()`, with a fraction). */
  readonly start: number;
  /** How long it ran, in milliseconds, on the monotonic clock. */
  readonly duration: number;
  /** What `fail()` recorded, as `{ name, message }`; absent when nothing failed. */
  readonly error?: { readonly name: string; readonly message: string };
}

/** A timed piece of work: end it with `end()`, or let `using` end it at the end of the block. */
export interface Span extends Disposable {
  readonly name: string;
  readonly id: number;
  /** The span that was current where this one began. */
  readonly parent: Span | undefined;
  /** `true` once `end()` has run. */
  readonly ended: boolean;
  /** Adds or changes an attribute; ignored once the span has ended. */
  setAttribute(key: string, value: SpanAttributes[string]): this;
  /** Records that the work failed, with what was thrown; the span still has to end. */
  fail(error: unknown): this;
  /** Ends the span and reports it; calling it again does nothing. */
  end(): void;
}
