// Whether this thread is running a breakpoint's condition: a logpoint's, which calls its log
// function from there. While a condition runs, V8 neither pauses nor runs inspector commands on
// this thread, so nothing that needs hookline's inspector workers can be done until it returns.

let depth = 0;

/**
 * Runs `fn` as a breakpoint's condition calls it.
 *
 * @example
 * ```ts
 * runAsCondition(() => entry.log(value));
 * ```
 */
export function runAsCondition<T>(fn: () => T): T {
  depth += 1;
  try {
    return fn();
  } finally {
    depth -= 1;
  }
}

/**
 * Whether this thread is inside a breakpoint's condition now.
 *
 * @example
 * ```ts
 * if (inBreakpointCondition()) queueMicrotask(work);
 * ```
 */
export function inBreakpointCondition(): boolean {
  return depth > 0;
}
