import { warn } from '../internal/warning.js';
import { ownPatch } from '../patch/internal/own-patch.js';
import type { Patch } from '../patch/types.js';
import { eventNames } from './events.js';
import { deliverPendingImports, installImportEvents, setImportDenials } from './imports.js';
import { report, type Sink, siteWanted, wanted } from './sinks.js';
import { siteOf } from './site.js';
import type { CallStyle, Target } from './target.js';
import { codeEval } from './targets/code.js';
import {
  type CompiledString,
  liveEditAvailable,
  watchCompiledStrings,
} from './targets/compiled-strings.js';
import { cryptoHash } from './targets/crypto.js';
import { fsOpen, fsRename, fsRm, fsUnlink, fsWrite } from './targets/fs.js';
import { compilingFunction, watchFunctionConstructors } from './targets/function-constructors.js';
import { dnsLookup, httpRequest, netConnect } from './targets/network.js';
import { childProcessSpawn, workerStart } from './targets/processes.js';
import type { AuditEventName, AuditRule, AuditSite } from './types.js';

const targets: Record<Exclude<AuditEventName, 'module.import'>, readonly Target[]> = {
  'fs.open': fsOpen,
  'fs.write': fsWrite,
  'fs.unlink': fsUnlink,
  'fs.rm': fsRm,
  'fs.rename': fsRename,
  'child_process.spawn': childProcessSpawn,
  'net.connect': netConnect,
  'dns.lookup': dnsLookup,
  'http.request': httpRequest,
  'crypto.hash': cryptoHash,
  'code.eval': codeEval,
  'worker.start': workerStart,
};

/** One wrapped function and the events it reports, in the order the docs list them. */
interface Wrapped {
  readonly reads: { readonly event: AuditEventName; readonly target: Target }[];
  users: number;
  patch: Patch | undefined;
  /** Whether every target of the function reads the stack only for the site. */
  stackForSiteOnly: boolean;
  /** Whether a call from Node's own code is no event (see {@link Target.programCallersOnly}). */
  programCallersOnly: boolean;
}

const wrapped = new Map<object, Map<string, Wrapped>>();

const order = (event: AuditEventName) => eventNames.indexOf(event);

/** The record of `owner[key]`'s wrapping, made on first use. */
function wrappedOf(owner: object, key: string): Wrapped {
  let byKey = wrapped.get(owner);
  if (byKey === undefined) {
    byKey = new Map();
    wrapped.set(owner, byKey);
  }
  let entry = byKey.get(key);
  if (entry === undefined) {
    entry = {
      reads: [],
      users: 0,
      patch: undefined,
      stackForSiteOnly: true,
      programCallersOnly: false,
    };
    byKey.set(key, entry);
  }
  return entry;
}

/**
 * Wraps the functions that perform `name`; returns what puts them back exactly. A function that
 * performs more than one (writeFileSync opens and writes) is wrapped once, for as long as any of
 * its events is wanted, and reports them in a fixed order.
 */
export function installEvent(name: AuditEventName): () => void {
  if (name === 'module.import') return installImportEvents();
  const used: Wrapped[] = [];
  const unwatch = name === 'code.eval' ? watchConstructors() : undefined;
  for (const target of targets[name]) {
    const owner = target.owner();
    if (
      owner === undefined ||
      typeof (owner as Record<string, unknown>)[target.key] !== 'function'
    ) {
      continue;
    }
    const entry = wrappedOf(owner, target.key);
    entry.reads.push({ event: name, target });
    if (target.stackForSiteOnly !== true) entry.stackForSiteOnly = false;
    if (target.programCallersOnly === true) entry.programCallersOnly = true;
    entry.reads.sort((a, b) => order(a.event) - order(b.event));
    if (entry.users === 0) {
      try {
        const runsCode = target.runsCode === true;
        entry.patch = ownPatch(
          owner as Record<string, any>,
          target.key,
          auditing(entry, target.style, runsCode),
          // util.promisify(exec) is Node's promise form of exec, made around the original: it is
          // audited as exec is, and fails as it fails (a refused exec throws at once there too).
          auditing(entry, promiseFormStyle(target.style), runsCode),
        );
      } catch (error) {
        // A program that froze the module (or locked the property) keeps it as it is.
        entry.reads.length = 0;
        warn(
          `the audit cannot watch ${target.key} for ${name}; those calls are not reported`,
          error,
        );
        continue;
      }
    }
    entry.users++;
    used.push(entry);
  }
  return () => {
    unwatch?.();
    for (const entry of used.reverse()) {
      entry.reads.splice(
        entry.reads.findIndex((read) => read.event === name),
        1,
      );
      if (--entry.users === 0) {
        entry.patch?.restore();
        entry.patch = undefined;
      }
    }
  };
}

/** Delivers the events of `name` that are on their way: the imports Node 20's loader thread saw. */
export function deliverPending(name: AuditEventName): void {
  if (name === 'module.import') deliverPendingImports();
}

/**
 * Tells the events whose watching depends on what their sinks want that the sinks changed: the
 * import bridge takes the policies' deny rules, code.eval watches `eval` while a sink wants it
 * (and says at once where a policy denies it on a Node that cannot stop one).
 */
export function sinksChanged(name: AuditEventName, list: readonly Sink[]): void {
  if (name === 'module.import') setImportDenials(denialsOf(name, list));
  else if (name === 'code.eval') {
    watchEvals(list.some((s) => s.evals));
    if (list.some((s) => s.evals && denialsOf(name, [s]).length > 0)) warnIfEvalUnstoppable();
  }
}

/** The sinks' deny rules for event `name` (its own and `'*'`'s). */
function denialsOf(name: AuditEventName, list: readonly Sink[]): AuditRule[] {
  return list.flatMap((s) => s.denials?.filter((r) => r.event === '*' || r.event === name) ?? []);
}

let toldEvalUnstoppable = false;

/**
 * A policy denies `code.eval` on a Node whose V8 cannot replace a script's code (Node 26): said
 * once, as the policy begins, rather than first at an eval that runs anyway.
 */
function warnIfEvalUnstoppable(): void {
  if (toldEvalUnstoppable || stopWatchingEval === undefined || liveEditAvailable()) return;
  toldEvalUnstoppable = true;
  warn(
    `an audit policy denies code.eval, but ${evalUnstoppable}; vm, Function and modules made of strings are still denied`,
  );
}

/** Why a denied eval runs on a Node without live edit, and the way out. */
const evalUnstoppable =
  "the audit cannot stop code that eval compiles on this Node (its V8 no longer replaces a script's code, which stopping an eval takes). To forbid code from strings, start Node with --disallow-code-generation-from-strings";

/** What stops the watching of eval, while a sink of code.eval wants it. */
let stopWatchingEval: (() => void) | undefined;

/**
 * Starts or stops watching `eval` for code.eval, as its sinks want: the inspector session it takes
 * slows every compile, and a sink may say it needs no eval (`{ eval: false }`).
 */
function watchEvals(wanted: boolean): void {
  if (wanted && stopWatchingEval === undefined) {
    // Where it cannot start (no inspector), it says so once, and is not tried again meanwhile.
    stopWatchingEval = watchStrings() ?? (() => {});
  } else if (!wanted && stopWatchingEval !== undefined) {
    stopWatchingEval();
    stopWatchingEval = undefined;
  }
}

/**
 * Reports `eval` (and a `Function` no proxy saw) as code.eval, as V8 compiles it; where Node has
 * no inspector, says so.
 */
function watchStrings(): (() => void) | undefined {
  try {
    const reportCompiled = ({ kind, code, api, filename }: CompiledString): void => {
      const site = siteOf(reportCompiled);
      // Nowhere in the program (hookline's own, or nothing of the program's on the stack).
      if (site === null || site === undefined) return;
      report('code.eval', { kind, code, filename, api }, site);
    };
    return watchCompiledStrings(
      reportCompiled,
      // A wrapped call under way (new Function through its proxy) reported its compile already.
      () => running > 0,
      (denial, liveEditGone) =>
        warn(
          liveEditGone
            ? `${evalUnstoppable}: the eval runs`
            : 'the audit could not stop code that eval compiled; it runs',
          denial,
        ),
    );
  } catch (error) {
    warn(
      'the audit cannot watch eval for code.eval (the inspector is not available); the code it compiles is not reported',
      error,
    );
    return undefined;
  }
}

/**
 * Reports `new Function(code)` and its kin as code.eval, through proxies in their place; where
 * they cannot be replaced (frozen intrinsics), says so and reports the rest.
 */
function watchConstructors(): (() => void) | undefined {
  try {
    return watchFunctionConstructors((api) => {
      const target: Target = {
        owner: () => undefined,
        key: api,
        style: 'sync',
        read: (args) => compilingFunction(args, api) as never,
      };
      const entry: Wrapped = {
        reads: [{ event: 'code.eval', target }],
        users: 1,
        patch: undefined,
        stackForSiteOnly: false,
        programCallersOnly: false,
      };
      return auditing(entry, 'sync', false);
    });
  } catch (error) {
    warn(
      'the audit cannot watch new Function for code.eval; the functions it compiles are not reported',
      error,
    );
    return undefined;
  }
}

/**
 * How many audited calls are running on the stack now. What one calls while it runs (writeFileSync
 * opening with openSync, exec spawning) is part of it, not an operation of its own: passed
 * through without reading the stack again. vm's functions that run code are the exception: the
 * code they run is the program's.
 */
let running = 0;

/** Marks an event's site not looked for yet. */
const notYet = Symbol('not yet');

/** The wrapper of one function: reports the call, then makes it, or fails as the API fails. */
function auditing(entry: Wrapped, style: CallStyle, runsCode: boolean) {
  const wrapper = (
    original: (...args: unknown[]) => unknown,
    self: unknown,
    args: unknown[],
    newTarget: Function | undefined,
  ): unknown => {
    if (running === 0) {
      // One stack read for all the events of the call (writeFileSync's fs.open and fs.write).
      let site: AuditSite | undefined | null | typeof notYet = notYet;
      try {
        for (const { event, target } of entry.reads) {
          if (!wanted(event)) continue;
          const eventArgs = target.read(args);
          if (eventArgs === undefined) continue;
          if (site === notYet) {
            site = readsStack(entry, args) ? siteOf(wrapper, entry.programCallersOnly) : undefined;
          }
          if (site === null) break;
          report(event, eventArgs as never, site);
        }
      } catch (denied) {
        return fail(style, args, denied);
      }
    }
    if (!runsCode) running++;
    try {
      return newTarget === undefined
        ? Reflect.apply(original, self, args)
        : Reflect.construct(original, args, newTarget);
    } finally {
      if (!runsCode) running--;
    }
  };
  return wrapper;
}

/**
 * Whether a call reads the stack: for its site when a sink reads it, and always for a function
 * Node's own code calls outside another audited call (see {@link Target.stackForSiteOnly}) or a
 * call that may be Node's ({@link Target.mayBeNodes}).
 */
function readsStack(entry: Wrapped, args: unknown[]): boolean {
  if (!entry.stackForSiteOnly) return true;
  for (const { event, target } of entry.reads) {
    if (siteWanted(event) || target.mayBeNodes?.(args) === true) return true;
  }
  return false;
}

/**
 * How the promise form of a function (`util.promisify.custom`) fails: as the function, except
 * that a callback API's form takes no callback and rejects.
 */
function promiseFormStyle(style: CallStyle): CallStyle {
  return style === 'callback' ? 'promise' : style;
}

/** A denied call fails the way the function fails: thrown, to its callback, or rejected. */
function fail(style: CallStyle, args: unknown[], error: unknown): unknown {
  if (style === 'promise') return Promise.reject(error);
  const callback = args[args.length - 1];
  if (style === 'callback' && typeof callback === 'function') {
    process.nextTick(callback as (error: unknown) => void, error);
    return undefined;
  }
  throw error;
}
