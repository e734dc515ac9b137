import { builtinModule } from './captured.js';
import { internally } from './own-loads.js';

/**
 * Event times: milliseconds since the epoch, with sub-millisecond precision, on the clock of
 * `performance.timeOrigin + performance.now()` once the program has used `performance`.
 *
 * The first use of the global `performance` loads Node's perf_hooks (a dozen internal modules,
 * 1–3 ms of start-up) into a program that may never use it, so hookline does not use it first.
 * Times are told from the monotonic clock, which every thread of the process shares (Node 20's
 * loader thread sends its readings), from an origin on the epoch. Until the program has loaded
 * `performance`, that origin comes from `Date.now()`, which drops the fraction of its
 * millisecond: up to 1 ms early, never late. Once it has, the origin is set on `performance`'s
 * clock, reading Node's own `performance.now` (its prototype's, which a test's fake timers do not
 * replace) beside the monotonic clock — to within a microsecond or so, so an event is not told as
 * earlier than a `performance` time the program took before it, nor later than one it took after.
 * Each time is then one reading of the monotonic clock: `performance.now` itself costs several
 * times as much in the cold code of a program's start-up, where the audit reads the clock
 * thousands of times.
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

/** Whether the program has loaded `performance`: the origin is then on its clock. */
let performanceSeen = false;

/** A reading of the monotonic clock, in milliseconds. */
export function monotonicMs(): number {
  return Number(hrtimeBigint()) / 1e6;
}

/** The epoch time of a {@link monotonicMs} reading (of any thread of this process). */
export function epochOf(monotonic: number): number {
  if (!performanceSeen) lookForPerformance();
  return origin + monotonic;
}

/** Now, in milliseconds since the epoch. */
export function epochNow(): number {
  if (!performanceSeen) lookForPerformance();
  return origin + monotonicMs();
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
  performanceSeen = true;
  // Node's own object, not the global a program may have replaced, and its prototype's `now`,
  // not one a test's fake timers put on the object.
  const { performance } = internally(() => builtinModule('node:perf_hooks'));
  const prototype = Object.getPrototypeOf(performance) as { now: () => number };
  const now = prototype.now;
  const timeOrigin = Reflect.get(prototype, 'timeOrigin', performance) as number;
  // The monotonic clock's origin on that clock: both clocks read at one instant, as near as can
  // be — the mean of a reading either side, from the closest of a few tries (the first readings
  // run cold, and a busy machine can stop the thread between two).
  let taken = 0;
  let gap = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 20 && gap > 0.002; attempt++) {
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
  if (Math.abs(taken - origin) <= 60_000) origin = taken;
}
