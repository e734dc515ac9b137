import { HooklineError } from '../internal/errors.js';
import { pauseForRequest } from './main-thread.js';
import type { Box } from './protocol.js';

/**
 * The caller's variables as a plain object: its locals, block and closure variables and its
 * module's variables (not globals), inner ones winning, like Python's
 * `sys._getframe(1).f_locals`. Values are the caller's own (objects by reference); changing
 * the returned object does not change the variables. A variable the caller's function never
 * uses may be missing: V8 leaves it out of the closure.
 *
 * It pauses the program for a moment through the inspector (a few milliseconds; the first call
 * starts a worker), so it belongs in debugging code, not in a hot path. It needs no terminal. In
 * a worker thread, which cannot be paused, it throws `ERR_HOOKLINE_PAUSE_FAILED` saying so.
 *
 * @example
 * function area(width: number, height: number) {
 *   console.log(callerLocals()); // { width: 3, height: 4 }
 *   return width * height;
 * }
 */
export function callerLocals(): Record<string, unknown> {
  const box: Box = {};
  // hooklinePause ← pauseForRequest ← callerLocals ← the caller
  const result = pauseForRequest({ kind: 'locals', callerFrame: 3 }, box);
  if (result.kind !== 'served') throw pauseFailed('callerLocals()', result);
  if (box.value === undefined) {
    throw pauseFailed('callerLocals()', {
      kind: 'failed',
      reason: "the caller's variables could not be read",
    });
  }
  return box.value as Record<string, unknown>;
}

/** The error for a request the debugger could not serve. */
export function pauseFailed(
  where: string,
  result: { kind: 'busy' } | { kind: 'failed'; reason: string; fix?: string },
): HooklineError {
  return new HooklineError('ERR_HOOKLINE_PAUSE_FAILED', {
    where,
    expected: 'the debugger to pause the program for a moment',
    received: result.kind === 'busy' ? 'a hook already open' : result.reason,
    fix:
      result.kind === 'busy'
        ? 'Call it from the program, not from code typed at a hook prompt.'
        : (result.fix ?? 'Run with NODE_DEBUG=hookline to see why.'),
  });
}
