// Whether hookline's inspector workers can reach this thread now. They cannot while it runs a
// breakpoint's condition (a logpoint's, which calls its log function from there: V8 neither
// pauses nor runs inspector commands in one), nor while a hook's prompt runs code typed there
// (the program is paused, and the debugger worker's command holds the thread until the code
// returns). A request made then would wait for nothing: it is put off until they can.

let conditionDepth = 0;
let promptOpen = false;
const waiting: (() => void)[] = [];
let running = false;

/**
 * Runs `fn` as a breakpoint's condition calls it.
 *
 * @example
 * ```ts
 * runAsCondition(() => entry.log(value));
 * ```
 */
export function runAsCondition<T>(fn: () => T): T {
  conditionDepth += 1;
  try {
    return fn();
  } finally {
    conditionDepth -= 1;
  }
}

/**
 * Notes that a hook's prompt opened (`true`) or closed. What was put off meanwhile is done by
 * {@link runWaiting}, once the program has resumed.
 *
 * @example
 * ```ts
 * setPromptOpen(true); // the prompt runs code typed there until setPromptOpen(false)
 * ```
 */
export function setPromptOpen(open: boolean): void {
  promptOpen = open;
}

/**
 * Does what was put off, in order, if the workers can reach this thread now.
 *
 * @example
 * ```ts
 * setPromptOpen(false);
 * runWaiting(); // the program has resumed: a logpoint set at the prompt is set now
 * ```
 */
export function runWaiting(): void {
  // Each piece of work calls back into whenReachable: it finds the rest waiting, in order.
  if (running || unreachableBecause() !== undefined) return;
  running = true;
  try {
    for (let work = waiting.shift(); work !== undefined; work = waiting.shift()) work();
  } finally {
    running = false;
  }
}

/**
 * Why the inspector workers cannot reach this thread now, if they cannot.
 *
 * @example
 * ```ts
 * if (unreachableBecause() === 'condition') return failure;
 * ```
 */
export function unreachableBecause(): 'condition' | 'prompt' | undefined {
  if (conditionDepth > 0) return 'condition';
  return promptOpen ? 'prompt' : undefined;
}

/**
 * Where the workers cannot reach this thread now, puts `work` off until they can (after the code
 * that reached a logpoint's line has run, or once the prompt has closed and the program goes
 * on), and says so. Where they can, first does what was put off, in order, and says `false`.
 *
 * @example
 * ```ts
 * if (whenReachable(() => setLogpoint(id, url, line, condition, where))) return;
 * ```
 */
export function whenReachable(work: () => void): boolean {
  const because = unreachableBecause();
  if (because === undefined) {
    runWaiting();
    return false;
  }
  waiting.push(work);
  if (waiting.length === 1 && because === 'condition') queueMicrotask(runWaiting);
  return true;
}
