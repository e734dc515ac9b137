import { internally } from './own-loads.js';

/**
 * Event times: milliseconds since the epoch, with sub-millisecond precision, on the clock of
 * `performance.timeOrigin + performance.now()` once the program has used `performance`.
 *
 * The first use of the global `performance` loads Node's perf_hooks (a dozen internal modules,
 * 1–3 ms of start-up) into a program that may never use it, so hookline does not use it first.
 * Until the program has, times are told from the monotonic clock with an origin from `Date.now()`,
 * which drops the fraction of its millisecond: up to 1 ms early, never late. Once the program has
 * loaded `performance`, times are read from Node's own `performance.now` (its prototype's, which a
 * test's fake timers do not replace), so an event is never told as earlier than a `performance`
 * time the program took before it, nor later than one it took after.
 *
 * Another thread's time (Node 20's loader thread) is a reading of the monotonic clock, which every
 * thread of the process shares, turned into epoch time here.
 */
/**
 * Node's own, taken once: a test's fake timers that replace `process.hrtime` do not move event
 * times.
 */
const hrtimeBigint = process.hrtime.bigint;

/**
 * Node's list of the internal modules it has loaded: one array, which grows as Node loads more.
 * Empty where Node does not tell (then times stay on the monotonic clock).
 */
const moduleLoadList: readonly string[] =
  (process as { moduleLoadList?: readonly string[] }).moduleLoadList ?? [];

/** How much of {@link moduleLoadList} {@link lookForPerformance} has read. */
let listRead = 0;

// Date.now() read before the monotonic clock: the origin is never late on Date.now()'s clock.
let origin = Date.now() - monotonicMs();

/** Node's `performance` clock, once the program has loaded it. */
let performanceClock: (() => number) | undefined;

/** A reading of the monotonic clock, in milliseconds. */
export function monotonicMs(): number {
  return Number(hrtimeBigint()) / 1e6;
}

/** The epoch time of a {@link monotonicMs} reading (of any thread of this process). */
export function epochOf(monotonic: number): number {
  if (performanceClock === undefined) lookForPerformance();
  return origin + monotonic;
}

/** Now, in milliseconds since the epoch. */
export function epochNow(): number {
  if (performanceClock === undefined) lookForPerformance();
  return performanceClock !== undefined ? performanceClock() : origin + monotonicMs();
}

/**
 * The program's `performance` is loaded once Node's list of loaded internal modules names it;
 * reading it then costs nothing. Each call reads only what was added to the list since the last
 * (asked at every event until then: mostly a length compared).
 */
function lookForPerformance(): void {
  if (moduleLoadList.length === listRead) return;
  let loaded = false;
  for (; listRead < moduleLoadList.length && !loaded; listRead++) {
    loaded = moduleLoadList[listRead] === 'NativeModule internal/perf/performance';
  }
  if (!loaded) return;
  // Node's own object, not the global a program may have replaced, and its prototype's `now`,
  // not one a test's fake timers put on the object.
  const { performance } = internally(() => process.getBuiltinModule('node:perf_hooks'));
  const prototype = Object.getPrototypeOf(performance) as { now: () => number };
  const now = prototype.now;
  const timeOrigin = Reflect.get(prototype, 'timeOrigin', performance) as number;
  // The monotonic clock's origin on that clock, for other threads' readings: both clocks read at
  // one instant, as near as can be — the mean of a reading either side, from the closest of a
  // few tries (a busy machine can stop the thread between two readings).
  let taken = 0;
  let gap = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 10 && gap > 0.005; attempt++) {
    const before = monotonicMs();
    const reading = now.call(performance);
    const after = monotonicMs();
    if (after - before < gap) {
      gap = after - before;
      taken = timeOrigin + reading - (before + after) / 2;
    }
  }
  // That clock agrees with Date.now(): not to the millisecond, as `performance` read the wall
  // clock once as the process began, Date.now() reads it each time, and the system adjusts it
  // meanwhile; but not hours apart either, as a clock replaced at its root would be, which the
  // audit does not follow.
  if (Math.abs(taken - origin) > 60_000) return;
  origin = taken;
  performanceClock = () => timeOrigin + now.call(performance);
}
