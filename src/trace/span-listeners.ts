import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { callListener } from './listeners.js';
import type { SpanEvent } from './types.js';

const listeners = new Set<(event: SpanEvent) => void>();
const reported = new Set<string>();

/**
 * Calls `listener` with each span as it ends — `{ name, id, parent, attributes, start, duration,
 * error? }`, JSON-able — whether or not the spans also go to OpenTelemetry. A listener that
 * throws is reported as a `HooklineWarning`; the others still run.
 *
 * @example
 * ```ts
 * import { onSpan } from 'hookline/trace';
 *
 * using _ = onSpan((event) => process.stderr.write(`${JSON.stringify(event)}\n`));
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_NOT_A_FUNCTION`) when `listener` is not a function.
 */
export function onSpan(listener: (event: SpanEvent) => void): Unhook {
  if (typeof listener !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_NOT_A_FUNCTION', {
      where: 'onSpan(listener)',
      expected: 'a function to call with each span that ends',
      received: describeValue(listener),
      fix: 'Pass a listener: onSpan((event) => console.log(event.name, event.duration)).',
    });
  }
  // Its own entry: the same function registered twice is called twice, and unhooked once each.
  const entry = (event: SpanEvent) => listener(event);
  listeners.add(entry);
  return createUnhook(() => listeners.delete(entry));
}

/** Hands an ended span to every listener. */
export function deliverSpan(event: SpanEvent): void {
  for (const listener of listeners) {
    callListener(reported, 'an onSpan listener', listener, event);
  }
}
