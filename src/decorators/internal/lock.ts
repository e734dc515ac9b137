import { internally } from '../../internal/own-loads.js';
import { isThenable } from '../../internal/promise-like.js';

const { AsyncLocalStorage } = internally(() => process.getBuiltinModule('node:async_hooks'));

/** One queue of calls: held by one call at a time, handed to the next in call order. */
export interface Lock {
  busy: boolean;
  readonly waiting: (() => void)[];
}

/** A lock one call holds, until that call settles (`active` turns false then). */
interface Holding {
  readonly lock: Lock;
  active: boolean;
}

/**
 * The locks the code running now holds, as it flows through awaits, timers and callbacks: a
 * synchronized call made from inside another that holds the same lock runs at once, as Python's
 * `RLock` lets its owner in again, where waiting would wait for itself for ever.
 */
const held = new AsyncLocalStorage<readonly Holding[]>();

export function createLock(): Lock {
  return { busy: false, waiting: [] };
}

/**
 * Calls `fn` when `lock` is free: at once (synchronously) when no call holds it, or when the
 * caller's own async context holds it; else after the calls before it, in the order they were
 * made. The lock is held until what `fn` returned settles, or it threw.
 */
export function callLocked(lock: Lock, fn: Function, self: unknown, args: unknown[]): unknown {
  if (holds(lock)) return Reflect.apply(fn, self, args);
  if (!lock.busy) {
    lock.busy = true;
    return runHolding(lock, fn, self, args);
  }
  return new Promise<void>((resolve) => lock.waiting.push(resolve)).then(() =>
    runHolding(lock, fn, self, args),
  );
}

function holds(lock: Lock): boolean {
  return held.getStore()?.some((h) => h.lock === lock && h.active) ?? false;
}

function runHolding(lock: Lock, fn: Function, self: unknown, args: unknown[]): unknown {
  const holding: Holding = { lock, active: true };
  // A timer or callback the call leaves behind still runs in its context once it has ended:
  // `active` going false keeps such late code from counting as the holder.
  const end = () => {
    holding.active = false;
    release(lock);
  };
  const holdings = [...(held.getStore() ?? []).filter((h) => h.active), holding];
  let result: unknown;
  try {
    result = held.run(holdings, () => Reflect.apply(fn, self, args));
  } catch (error) {
    end();
    throw error;
  }
  if (!isThenable(result)) {
    end();
    return result;
  }
  return Promise.resolve(result).finally(end);
}

function release(lock: Lock): void {
  const next = lock.waiting.shift();
  if (next === undefined) lock.busy = false;
  else next();
}
