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
