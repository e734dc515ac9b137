import { epochNow } from '../internal/clock.js';
import { warnOnceFor } from '../internal/warning.js';
import { asEvalNamed, evalGlobalReader, isEvalGlobalsModule } from './eval-importer.js';
import { stoppingListener } from './import-gate.js';
import { registry } from './registry.js';
import { innermostRequireParent } from './require-audit.js';
import type { ImportEvent, ImportKind } from './types.js';

let flushEarlier: () => void = () => {};

/**
 * Registers what delivers events another thread reported before now (Node 20's loader thread
 * posts them), so that listeners get every event in the order the imports happened.
 */
export function setEarlierEventsFlush(flush: () => void): void {
  flushEarlier = flush;
}

/**
 * Delivers the events other threads reported so far: the audit's, and the resolutions Node 20's
 * loader thread reports for hooks.
 */
export function flushEarlierEvents(): void {
  flushEarlier();
}

/**
 * The last module imported with no parent: the entry point, when Node loaded it through its ES
 * module loader (reported as an import), or one vm code imported.
 */
let importedEntry: string | undefined;

/**
 * Whether `url`, about to be reported as the main module's require, was reported already as the
 * entry point's import: with `--import`, Node imports a CommonJS entry point, then requires it.
 * Nobody wrote that require.
 */
export function entryImported(url: string): boolean {
  flushEarlier();
  return importedEntry === url;
}

/**
 * Whether an import with no parent is the entry point's (then the next is not). Node imports the entry point by its
 * file: URL, once; it gives no parent either for an `import()` in code that vm compiled with no
 * file name, which is no entry point, whatever its specifier.
 */
function claimsEntry(specifier: string): boolean {
  if (entryReported || !specifier.startsWith('file:')) return false;
  entryReported = true;
  return true;
}

let entryReported = false;

/** The URL of hookline/register's module, which imports the configured preloads. */
let preloadImporter: string | undefined;

/** Tells the audit which module imports the configured preloads (hookline/register's). */
export function setPreloadImporter(url: string): void {
  preloadImporter = url;
}

/**
 * Whether `importer` is none of the program's files but what Node or hookline/register loads a
 * preload from: Node imports each `--import` from the working folder's URL (a folder, which no
 * module is), hookline/register what its configuration names from its own module. Nobody wrote
 * those imports: a preload is reported as the entry point is.
 */
function isPreloadBase(importer: string): boolean {
  return importer.endsWith('/') || importer === preloadImporter;
}

/**
 * The module a require came from. For a require made by createRequire() of a folder, Node names
 * the module `<folder>/noop.js` (and its CommonJS loader reports it so), while Node 22.15+/24's
 * resolve hooks are given the folder's URL, which is no module's: told as Node names it.
 */
function requirerOf(importer: string | undefined, kind: ImportKind): string | undefined {
  return kind === 'require' && importer?.endsWith('/') ? `${importer}noop.js` : importer;
}

/** Whether listeners are being handed an event: what they load meanwhile is not reported. */
let delivering = false;

/**
 * Hands one import to every `auditImports` listener; a listener that throws is reported. What a
 * listener loads while it handles an event (a `require('node:fs')` to write a log line) is not
 * reported: each such load would be an event that loads again, without end. Throws the denial of
 * an audit policy that denies the import (after every listener has had the event); one reported
 * by another thread has happened already, and its denial is no throw: `deniedThere` says that
 * thread stopped it.
 */
export function emitImport(
  specifier: string,
  resolved: string,
  importer: string | undefined,
  kind: ImportKind,
  time = epochNow(),
  fromOtherThread = false,
  deniedThere = false,
): void {
  if (importer === undefined) {
    // A builtin named as a global in code given with -e, -p or on stdin (`os.cpus()`): the
    // code's own request, as it would have been by require; or Node's, which nobody wrote.
    if (kind === 'require' && isEvalGlobalsModule(innermostRequireParent())) {
      importer = evalGlobalReader(emitImport);
      if (importer === undefined) return;
    }
  } else if (importer.endsWith('%5D')) {
    importer = asEvalNamed(importer);
  }
  let told = kind;
  if (importer === undefined && kind === 'import') {
    // Node requires a CommonJS module it imported with no parent next, as the main module.
    importedEntry = resolved;
    if (!claimsEntry(specifier)) told = 'dynamic-import';
  }
  // Node and hookline/register load preloads by import(); a require from a createRequire() of a
  // folder has a folder's URL for importer too, and is the program's.
  const preload = kind === 'dynamic-import' && importer !== undefined && isPreloadBase(importer);
  const event: ImportEvent = preload
    ? { specifier, resolved, importer: undefined, kind: 'import', time }
    : { specifier, resolved, importer: requirerOf(importer, kind), kind: told, time };
  if (fromOtherThread && deniedThere) deniedOnThread.add(event);
  if (delivering) {
    // Another thread's report (a listener that undoes the audit takes them in): after this one.
    if (fromOtherThread) waiting.push(event);
    return;
  }
  if (!fromOtherThread) flushEarlier();
  delivering = true;
  let denial: { error: unknown } | undefined;
  try {
    if (fromOtherThread) deliverHappened(event);
    else denial = deliver(event);
    while (waiting.length > 0) deliverHappened(waiting.shift() as ImportEvent);
  } finally {
    delivering = false;
  }
  if (denial !== undefined) throw denial.error;
}

/** Other threads' events reported while listeners were handling one. */
const waiting: ImportEvent[] = [];

/** The events of imports Node 20's loader thread denied itself. */
const deniedOnThread = new WeakSet<ImportEvent>();

/**
 * Delivers an import that happened already (Node 20's loader thread reported it): a policy's
 * denial of it cannot stop it. Where the thread did not stop it either — a rule whose `match` is a
 * function, which only the main thread can call — that is said.
 */
function deliverHappened(event: ImportEvent): void {
  const denial = deliver(event);
  if (denial === undefined || deniedOnThread.has(event)) return;
  warnOnceFor(
    deliverHappened,
    `"${event.specifier}" was imported by an ES module before the audit policy that denies it could stop it: on Node 20, a rule for module.import whose match is a function is tested after the import (match it by a string or a RegExp to stop it there)`,
    denial.error,
  );
}

type Listener = (event: ImportEvent) => void;

/** Delivers `event` to every listener: the denial of a policy, if one denied it. */
function deliver(event: ImportEvent): { error: unknown } | undefined {
  let denial: { error: unknown } | undefined;
  // An array, not the Set: iterating a Set costs an iterator per event, thousands at start-up.
  const listeners = registry.auditorList;
  for (let i = 0; i < listeners.length; i++) {
    try {
      const returned: unknown = (listeners[i] as Listener)(event);
      if (returned !== undefined) watchPromise(listeners[i] as Listener, event, returned);
    } catch (error) {
      const listener = listeners[i] as Listener;
      if (listener === stoppingListener) {
        denial ??= { error };
        continue;
      }
      // Once for each module and error: a server's handlers require what they use per request,
      // and a listener failing on each would print a warning for every one, without end.
      warnOnceFor(
        listener,
        `an auditImports listener threw on "${event.specifier}"; the import goes on`,
        error,
      );
    }
  }
  return denial;
}

/**
 * An async listener (which `(event) => void` admits): nothing waits for its promise, but its
 * rejection is reported as a throw is, not left unhandled to end the program.
 */
function watchPromise(listener: Listener, event: ImportEvent, returned: unknown): void {
  if (typeof (returned as PromiseLike<unknown> | null)?.then !== 'function') return;
  (returned as PromiseLike<unknown>).then(undefined, (error: unknown) =>
    warnOnceFor(
      listener,
      `an async auditImports listener threw on "${event.specifier}"; the import went on`,
      error,
    ),
  );
}
