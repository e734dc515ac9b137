import { epochNow } from '../internal/clock.js';
import { isThenable } from '../internal/promise-like.js';
import { warnOnce } from '../internal/warning.js';
import { eventNames } from './events.js';
import { deliverPending, installEvent, sinksChanged } from './install.js';
import type { AuditEvent, AuditEventArgs, AuditEventName, AuditRule, AuditSite } from './types.js';

/**
 * What an event is handed to: a listener, whose throw is reported and ignored, or a policy,
 * whose throw (an AuditError) stops the operation.
 */
export interface Sink {
  /** A listener may be async: its promise is watched for a rejection, not waited for. */
  readonly handle: (event: AuditEvent) => unknown;
  readonly stops: boolean;
  /**
   * Whether the sink reads where the program made the call: reading the stack is most of what
   * an audited call costs (microseconds), and fs's Sync and promise forms need it for nothing
   * else (Target.stackForSiteOnly).
   */
  readonly site: boolean;
  /** Whether the sink wants `code.eval` to see `eval` (an inspector session: every compile costs more). */
  readonly evals: boolean;
  /**
   * A policy's `deny` rules: some events act on them before any is reported (Node 20's loader
   * thread tests the import rules itself; code.eval says where it cannot stop an eval).
   */
  readonly denials?: readonly AuditRule[];
}

/**
 * Each event's sinks, listeners before policies. An array is never changed, only replaced: an
 * event being reported goes on with the sinks it began with, without a copy on every event.
 */
const sinks = new Map<AuditEventName, readonly Sink[]>(eventNames.map((name) => [name, []]));
const uninstalls = new Map<AuditEventName, () => void>();
/** The events some sink reads the site of. */
const sitesRead = new Set<AuditEventName>();

function setSinks(name: AuditEventName, list: readonly Sink[]): void {
  sinks.set(name, list);
  if (list.some((s) => s.site)) sitesRead.add(name);
  else sitesRead.delete(name);
  sinksChanged(name, list);
}

/** Hands `sink` the events named; the operations are patched when the first sink wants them. */
export function addSink(sink: Sink, events: readonly AuditEventName[]): () => void {
  for (const name of events) {
    const list = sinks.get(name) as readonly Sink[];
    // Policies after listeners: a listener sees an operation a policy denies.
    const at = sink.stops ? list.length : list.findIndex((s) => s.stops) >>> 0;
    setSinks(name, [...list.slice(0, at), sink, ...list.slice(at)]);
    if (!uninstalls.has(name)) uninstalls.set(name, installEvent(name));
  }
  return () => {
    for (const name of events) {
      // The events still on their way to the sink (Node 20's loader thread posts imports late)
      // reach it before it goes.
      if (uninstalls.has(name)) deliverPending(name);
      const list = (sinks.get(name) as readonly Sink[]).filter((s) => s !== sink);
      setSinks(name, list);
      if (list.length === 0) {
        uninstalls.get(name)?.();
        uninstalls.delete(name);
      }
    }
  };
}

/** Whether anyone wants `name`: its patches stay in place a little while after. */
export function wanted(name: AuditEventName): boolean {
  return (sinks.get(name) as readonly Sink[]).length > 0;
}

/** Whether any sink of `name` reads its site. */
export function siteWanted(name: AuditEventName): boolean {
  return sitesRead.has(name);
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
  const list = sinks.get(name) as readonly Sink[];
  if (list.length === 0) return;
  const event = { event: name, args, site, time: epochNow() } as AuditEvent;
  delivering = true;
  try {
    for (const sink of list) {
      if (sink.stops) {
        sink.handle(event);
        continue;
      }
      try {
        const result = sink.handle(event);
        if (isThenable(result)) result.then(undefined, (error) => rejected(name, error));
      } catch (error) {
        warnOnce(reported, `an audit listener threw on ${name}; the operation goes on`, error);
      }
    }
  } finally {
    delivering = false;
  }
}

/**
 * An async listener's rejection, reported as a throw is: left alone, it would end the program as
 * an unhandled rejection, where a listener must never take the program down.
 */
function rejected(name: AuditEventName, error: unknown): void {
  warnOnce(
    reported,
    `an async audit listener rejected on ${name}; the operation went on (the audit does not wait for a listener's promise)`,
    error,
  );
}
