import { internally } from './own-loads.js';

/**
 * Event times: milliseconds since the epoch, with sub-millisecond precision, told from the
 * monotonic clock, which every thread of the process shares (a time read on Node 20's loader
 * thread is a reading of it, turned into epoch time on the main thread).
 *
 * `performance.timeOrigin + performance.now()` says the same, but the first use of the global
 * `performance` loads Node's perf_hooks (a dozen internal modules, 1–3 ms of start-up) into a
 * program that may never use it. Until the program has used it, the origin comes from
 * `Date.now()`, which drops the fraction of its millisecond: times told from it are up to 1 ms
 * early, never late. Once the program has loaded `performance`, its exact origin is read, so an
 * event is never told as earlier than a `performance` time the program took before it — unless
 * its clock was faked then (by a test's fake timers), which the audit's times do not follow.
 */
// Date.now() between two monotonic readings: the origin lies between `origin` (never late) and
// `origin` + 1 ms + the time between the readings, which a busy machine can stretch.
const readBefore = monotonicMs();
const wallNow = Date.now();
const readAfter = monotonicMs();
let origin = wallNow - readAfter;
const originSpan = 1 + (readAfter - readBefore);
let exact = false;

/** A reading of the monotonic clock, in milliseconds. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** The epoch time of a {@link monotonicMs} reading (of any thread of this process). */
export function epochOf(monotonic: number): number {
  if (!exact) takeExactOrigin();
  return origin + monotonic;
}

/** Now, in milliseconds since the epoch. */
export function epochNow(): number {
  return epochOf(monotonicMs());
}

/** How much of Node's list of loaded internal modules {@link takeExactOrigin} has read. */
let listRead = 0;

/**
 * The program's `performance` is loaded once Node's list of loaded internal modules names it;
 * reading it then costs nothing. Each call reads only what was added to the list since the last.
 */
function takeExactOrigin(): void {
  const list = (process as { moduleLoadList?: readonly string[] }).moduleLoadList;
  if (list === undefined || list.length === listRead) return;
  let loaded = false;
  for (; listRead < list.length && !loaded; listRead++) {
    loaded = list[listRead] === 'NativeModule internal/perf/performance';
  }
  if (!loaded) return;
  exact = true;
  // Node's own object, not the global a program may have replaced.
  const { performance } = internally(() => process.getBuiltinModule('node:perf_hooks'));
  // Both clocks read at one instant, as near as can be: the mean of a reading either side, from
  // the closest of a few tries (a busy machine can stop the thread between two readings).
  let taken = 0;
  let gap = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 5 && gap > 0.005; attempt++) {
    const before = monotonicMs();
    const now = performance.now();
    const after = monotonicMs();
    if (after - before < gap) {
      gap = after - before;
      taken = performance.timeOrigin + now - (before + after) / 2;
    }
  }
  // The exact origin lies within the millisecond Date.now() gave (and the time it took to read):
  // anything else is a clock a test has faked (fake timers replace performance.now), which the
  // audit does not follow.
  if (taken >= origin - 0.01 && taken <= origin + originSpan + 0.01) origin = taken;
}
