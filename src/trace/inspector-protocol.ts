// What the main thread and the trace worker tell each other (see inspector-link.ts and
// worker/inspector.ts).

/** The slots of the shared Int32Array. */
export enum Slot {
  /** The number of the last request the worker has carried out. */
  done = 0,
  /** The number of the last request that failed (its reason is on the reports port). */
  failed = 1,
  /** The answer to the last question asked (`script-parsed`): 1 for yes, 0 for no. */
  answer = 2,
}
export const INT32_SLOTS = 3;

/** The key on `globalThis` of the function the worker calls, while the program is paused, to hand over an exception. */
export const TAKE_KEY = 'hookline.trace.exception';

/** What V8 pauses for: every exception, the uncaught ones, or none. */
export type PauseState = 'all' | 'uncaught' | 'none';

/** The key on `globalThis` of the function a logpoint's breakpoint condition calls with its value. */
export const LOG_KEY = 'hookline.trace.logpoint';

export type TraceRequest =
  | {
      readonly kind: 'logpoint';
      readonly seq: number;
      readonly id: number;
      readonly url: string;
      /** 0-based, as the protocol counts. */
      readonly line: number;
      readonly condition: string;
    }
  | { readonly kind: 'remove-logpoint'; readonly seq: number; readonly id: number }
  /**
   * A CommonJS module about to be compiled from code with a source map (`reference`, its
   * `sourceMappingURL`): logpoints on lines of the files it maps back to are placed in it first.
   */
  | {
      readonly kind: 'map-script';
      readonly seq: number;
      readonly url: string;
      readonly reference: string;
    }
  /** Whether the main thread has parsed a script of that URL (its answer in `Slot.answer`). */
  | { readonly kind: 'script-parsed'; readonly seq: number; readonly url: string }
  | {
      readonly kind: 'pause';
      readonly seq: number;
      readonly state: PauseState;
      readonly locals: boolean;
    }
  | { readonly kind: 'shutdown'; readonly seq: number };

/** What the worker hands over with the exception, besides the value and the scopes. */
export interface ExceptionRecord {
  readonly caught: boolean;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly functionName: string;
  readonly time: number;
}
