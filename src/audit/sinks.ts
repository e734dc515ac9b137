import { epochNow } from '../internal/clock.js';
import { warnOnce } from '../internal/warning.js';
import { eventNames } from './events.js';
import { installEvent } from './install.js';
import type { AuditEvent, AuditEventArgs, AuditEventName, AuditSite } from './types.js';

/**
 * What an event is handed to: a listener, whose throw is reported and ignored, or a policy,
 * whose throw (an AuditError) stops the operation.
 */
export interface Sink {
  readonly handle: (event: AuditEvent) => void;
  readonly stops: boolean;
}

const sinks = new Map<AuditEventName, Sink[]>(eventNames.map((name) => [name, []]));
const uninstalls = new Map<AuditEventName, () => void>();

/** Hands `sink` the events named; the operations are patched when the first sink wants them. */
export function addSink(sink: Sink, events: readonly AuditEventName[]): () => void {
  for (const name of events) {
    const list = sinks.get(name) as Sink[];
    // Policies after listeners: a listener sees an operation a policy denies.
    if (sink.stops) list.push(sink);
    else list.splice(list.findIndex((s) => s.stops) >>> 0, 0, sink);
    if (!uninstalls.has(name)) uninstalls.set(name, installEvent(name));
  }
  return () => {
    for (const name of events) {
      const list = sinks.get(name) as Sink[];
      const at = list.indexOf(sink);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) {
        uninstalls.get(name)?.();
        uninstalls.delete(name);
      }
    }
  };
}

/** Whether anyone wants `name`: its patches stay in place a little while after. */
export function wanted(name: AuditEventName): boolean {
  return (sinks.get(name) as Sink[]).length > 0;
}

/** While sinks handle an event, what they do themselves (write a log line) is no event. */
let delivering = false;

const reported = new Set<string>();

/**
 * Reports an operation about to happen, made at `site`; throws the AuditError of a policy that
 * denies it.
 */
export function report<E extends AuditEventName>(
  name: E,
  args: AuditEventArgs[E],
  site: AuditSite | undefined,
): void {
  if (delivering) return;
  const list = sinks.get(name) as Sink[];
  if (list.length === 0) return;
  const event = { event: name, args, site, time: epochNow() } as AuditEvent;
  delivering = true;
  try {
    // A copy: a sink may add or remove sinks.
    for (const sink of list.slice()) {
      if (sink.stops) {
        sink.handle(event);
        continue;
      }
      try {
        sink.handle(event);
      } catch (error) {
        warnOnce(reported, `an audit listener threw on ${name}; the operation goes on`, error);
      }
    }
  } finally {
    delivering = false;
  }
}
