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

/**
 * Where an exception was thrown: the innermost frame of the program's own code; with source maps
 * on (`--enable-source-maps`, tsx), the position in the source it was compiled from.
 */
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

/** One node of a CPU profile's call tree, as V8 gives it (`Profiler.ProfileNode`). */
export interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly scriptId: string;
    readonly url: string;
    /** 0-based. */
    readonly lineNumber: number;
    /** 0-based. */
    readonly columnNumber: number;
  };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

/** A V8 CPU profile: written to a `.cpuprofile` file as JSON, DevTools loads it. */
export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  /** Microseconds, on V8's monotonic clock. */
  readonly startTime: number;
  readonly endTime: number;
  /** The node each sample landed in. */
  readonly samples?: readonly number[];
  /** Microseconds from each sample to the one before it (the first, from `startTime`). */
  readonly timeDeltas?: readonly number[];
}

/** A function, with where it is: in the summaries of `profile()` and `coverage()`. */
export interface FunctionPlace {
  /** `'(anonymous)'` for a function without a name; V8's own entries are `'(program)'`, … */
  readonly name: string;
  /** The script's URL (`file:///…`), `''` for V8's own entries. */
  readonly url: string;
  /** 1-based; 0 where not known. */
  readonly line: number;
}

/** What `profile()` resolves to. */
export interface ProfileResult<T> {
  /** What the function returned (for an async one, what its promise was fulfilled with). */
  readonly result: T;
  readonly profile: CpuProfile;
  /**
   * The functions that took the most time themselves, most first (at most `top`). With source
   * maps on (`--enable-source-maps`, tsx), `url` and `line` are those of the source the script was
   * compiled from (`file:///…/app.ts`); `profile` stays as V8 gave it.
   */
  readonly summary: readonly (FunctionPlace & { readonly selfMs: number })[];
}

/** What `profile()` takes besides the function. */
export interface ProfileOptions {
  /**
   * Microseconds between samples, a whole number from 1 to 2³¹ − 1: 100 unless given (V8's
   * default is 1000).
   */
  readonly samplingInterval?: number | undefined;
  /** How many functions the summary lists, a whole number from 1: 10 unless given. */
  readonly top?: number | undefined;
}

/** One script's coverage, as V8 gives it (`Profiler.ScriptCoverage`). */
export interface ScriptCoverage {
  readonly scriptId: string;
  readonly url: string;
  readonly functions: readonly {
    readonly functionName: string;
    readonly isBlockCoverage: boolean;
    /** The first range is the whole function; `count` how many times it ran. */
    readonly ranges: readonly {
      readonly startOffset: number;
      readonly endOffset: number;
      readonly count: number;
    }[];
  }[];
}

/** What `coverage()` resolves to. */
export interface CoverageResult<T> {
  readonly result: T;
  /** The program's scripts (not Node's `node:` ones, nor hookline's), as V8 gives them. */
  readonly coverage: readonly ScriptCoverage[];
  /**
   * The program's functions that ran while `fn` ran, with how many times, most first. With source
   * maps on (`--enable-source-maps`, tsx), `url` and `line` are those of the source the script was
   * compiled from (`file:///…/app.ts`) where Node has a map for it; else the line is the script
   * file's. `coverage` stays as V8 gave it: offsets into the code V8 compiled.
   */
  readonly summary: readonly (FunctionPlace & { readonly count: number })[];
}
