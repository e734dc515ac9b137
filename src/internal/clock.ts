/**
 * Milliseconds since the epoch, with sub-millisecond precision. `performance.timeOrigin +
 * performance.now()` says the same, but the first use of the global `performance` loads Node's
 * perf_hooks (a dozen internal modules, ≈2 ms of start-up) into a program that may never use it.
 * The monotonic clock under it is the process's own, shared by every thread: a thread given
 * {@link clockOrigin} of the main thread tells times the main thread's events can be put beside.
 */
let origin = Date.now() - monotonicMs();

function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Now, in milliseconds since the epoch. */
export function epochNow(): number {
  return origin + monotonicMs();
}

/** What this thread adds to the monotonic clock to tell epoch time (to hand to another thread). */
export function clockOrigin(): number {
  return origin;
}

/** Takes another thread's origin, so that both tell the same time. */
export function useClockOrigin(other: number): void {
  origin = other;
}
