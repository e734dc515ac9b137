// What the main thread and the debugger worker share: a small block of shared memory the
// main thread can read while it spins (it cannot receive messages then), and the requests it
// posts before it spins.

/** Int32 slots of the shared block. */
export const Slot = {
  /** A {@link State}. */
  state: 0,
  /** A {@link Outcome}, written by the worker before `State.done`. */
  outcome: 1,
  /** The exit code asked for by `process.exit(code)` typed at the prompt. */
  exitCode: 2,
  /** Set to 1 by the worker once it has enabled the Debugger (it stays on until exit). */
  resident: 3,
} as const;

/** Float64 slots, after the Int32 ones. */
export const TimeSlot = {
  /** `performance.timeOrigin + performance.now()` when the prompt was shown. */
  promptShownAt: 0,
} as const;

export const INT32_SLOTS = 4;
export const FLOAT64_SLOTS = 1;
export const SHARED_BYTES = INT32_SLOTS * 4 + FLOAT64_SLOTS * 8;

/** Where a request is in its life. */
export const State = {
  /** No request: the worker waits for the next one. */
  idle: 0,
  /** The main thread posted a request and spins until the worker is ready for it. */
  requested: 1,
  /** The worker has the Debugger enabled and waits for the main thread's `debugger;`. */
  armed: 2,
  /** The worker saw the pause and is serving the request. */
  paused: 3,
  /** The worker served the request and resumed the main thread. */
  done: 4,
  /**
   * The main thread passed its `debugger;` before the worker took the pause: it did not pause
   * (something kept V8 from pausing), or another debugger resumed it first. The worker says which.
   */
  missed: 5,
  /** The worker could not serve the request; it wrote why to the message port. */
  failed: 6,
  /** The worker has disconnected for good (process exit). */
  closed: 7,
} as const;
export type State = (typeof State)[keyof typeof State];

/** How a request ended, as far as the main thread must act on it. */
export const Outcome = {
  resume: 0,
  /** `.abort` at the prompt: end the program. */
  abort: 1,
  /** `process.exit(code)` typed at the prompt, and confirmed. */
  exit: 2,
  /** The REPL could not open (no terminal after all): the hook was skipped. */
  skipped: 3,
  /**
   * Another debugger attached to the process resumed hookline's pause before the worker had
   * served it: nothing was read. The main thread, still inside the request, may pause again.
   */
  resumedElsewhere: 4,
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** The caller as the main thread saw it: for the banner and the log. */
export interface SiteInfo {
  readonly file: string;
  readonly line: number;
  readonly functionName: string;
}

/** Open the REPL at the caller. */
export interface HookRequest {
  readonly kind: 'hook';
  /** How many frames of hookline sit above the caller on the paused stack. */
  readonly callerFrame: number;
  readonly site: SiteInfo;
  readonly banner: string | undefined;
  readonly overwriteLocals: boolean;
  readonly snapshot: 'shallow' | 'deep';
  readonly transport: Transport;
}

/** Where a prompt is served: the terminal, or a Unix socket. */
export type Transport = { readonly kind: 'tty' } | SocketTransportInfo;

export interface SocketTransportInfo {
  readonly kind: 'socket';
  readonly path: string;
  /**
   * What the socket leaves on disk, to remove however the process ends: the private folder
   * made for it, or the socket file itself at a path `HOOKLINE_HOOK_SOCKET` gave.
   */
  readonly leftover: string;
}

/** Hand the caller's variables back in the box. */
export interface LocalsRequest {
  readonly kind: 'locals';
  readonly callerFrame: number;
}

/** Evaluate each `${…}` expression in the caller's scope and hand back the text. */
export interface InterpolateRequest {
  readonly kind: 'interpolate';
  readonly callerFrame: number;
  readonly parts: readonly TemplatePart[];
}

/** Keep the Debugger on and open the REPL where an uncaught exception is thrown. */
export interface PostMortemRequest {
  readonly kind: 'post-mortem';
  readonly transport: HookRequest['transport'];
}

/** Disconnect for good: the process is exiting. */
export interface ShutdownRequest {
  readonly kind: 'shutdown';
}

/** Forget the armed request: the main thread went past its `debugger;` without pausing. */
export interface CancelRequest {
  readonly kind: 'cancel';
}

export type Request =
  | HookRequest
  | LocalsRequest
  | InterpolateRequest
  | PostMortemRequest
  | ShutdownRequest
  | CancelRequest;

/** A piece of a template: literal text, or an expression to evaluate. */
export type TemplatePart = { readonly text: string } | { readonly expression: string };

/** What the worker sends back on the port (read by the main thread once it runs again). */
export interface WorkerReport {
  readonly kind: 'failed';
  readonly message: string;
}

/**
 * The object a pausing function holds as its parameter `box`: the worker finds it on the
 * paused frame and writes the request's result into it.
 */
export interface Box {
  value?: unknown;
  error?: unknown;
  thrown?: boolean;
}

/** The name of the pausing function's parameter the worker evaluates to find the box. */
export const BOX_NAME = 'box';

/** The global symbol under which the main thread keeps the helpers the worker calls. */
export const TOOLKIT_KEY = 'hookline.debug.toolkit';
