/**
 * When hookline's in-thread module hooks (Node 22.15+, 23.5+, 24) are registered with Node.
 *
 * Once a module hook is registered, every `require` goes through Node's hook chain, which turns
 * the parent's path into a URL, calls the chain and validates its answer: on a CommonJS program of
 * 2,300 requires that costs some 4% of start-up even for a hook that only calls through. The
 * CommonJS loader's own functions, which hookline wraps on every Node, see those requires for a
 * fraction of that. So the in-thread hooks are registered only while Node's ES module loader
 * works:
 *
 * - until a CommonJS entry point starts to run: the `--import` preloads, and the entry point
 *   itself, load through the ES module loader (an ES module entry point keeps them registered);
 * - while `require()` loads an ES module and the graph it imports;
 * - while Node compiles a file of no declared format (which its syntax may make an ES module),
 *   until it turns out CommonJS by requiring something;
 * - from an `import()` until its promise settles.
 *
 * Outside those windows only CommonJS modules load, and the wrapped CommonJS loader serves every
 * feature for them, as it does on Node 20. A `require` of a scheme's module opens one too.
 *
 * Following `import()` calls for the windows, this also tells the audit which resolution is an
 * `import()`'s own.
 */
import { Module, syncBuiltinESMExports } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { builtinModule } from '../../internal/captured.js';
import { debug } from '../../internal/debuglog.js';
import type { RegisterHooks } from './in-thread.js';

type Hooks = Parameters<RegisterHooks>[0];

let register: RegisterHooks | undefined;
/** Each call of {@link addInThreadHooks}: registered in that order, as separate registrations. */
const registrations: Hooks[] = [];
/** Their handles while registered; empty while no window is open. */
let handles: { deregister(): void }[] = [];
/** A CommonJS entry point has started to run: outside the windows, only `require` loads. */
let programStarted = false;
/** Windows open now: `require()` of ES modules under way, `import()` calls not yet settled. */
let windows = 0;
let watchingImports = false;
let watchingProgramHooks = false;
/** node:module is frozen: hooks the program registers later run before hookline's. */
let programHooksAbove = false;

/**
 * Registers `added` after the hooks registered before: now if a window is open (a load hook may
 * add a resolve hook while it runs; nothing registered is taken out for it), else when the next
 * one opens. Each window registers them anew, so hooks a program registers meanwhile come before
 * them in Node's chain (they run after hookline's).
 */
export function addInThreadHooks(registerHooks: RegisterHooks, added: Hooks): void {
  // The first one given is Node's own: later callers may hand over the wrapper installed below.
  register ??= registerHooks;
  registrations.push(added);
  // Added while a CommonJS entry point runs (not preloaded): the program has started.
  if (!programStarted && process.mainModule !== undefined) programStarted = true;
  if (!watchingImports) watchImports();
  if (!watchingProgramHooks) watchProgramHooks();
  if (handles.length > 0) handles.push(register(added));
  else update();
}

/**
 * Whether hookline's in-thread hooks run before every other hook, and so see what Node gets:
 * the program's `module.registerHooks` hooks are kept below them (unless node:module is frozen),
 * and `module.register` hooks run below all in-thread ones.
 */
export function inThreadHooksOnTop(): boolean {
  return !programHooksAbove;
}

/** Whether the in-thread hooks are registered now, and so see what loads. */
export function inThreadHooksActive(): boolean {
  return handles.length > 0;
}

/** Called as each CommonJS module is compiled: the entry point's start closes the first window. */
export function commonJsCompiling(module: object): void {
  if (programStarted) return;
  if (!isEntryPoint(module as { id?: unknown; filename?: unknown })) return;
  programStarted = true;
  update();
}

/**
 * Whether `module` is the entry point: its id is '.' when Node runs it directly; when `--import`
 * made Node import it, it is `process.mainModule` by its file name. Node also makes a CommonJS
 * module that vm code imports with no referrer `process.mainModule`, long after an ES module entry
 * point started: that one starts nothing, and the hooks must stay registered for what loads next.
 */
function isEntryPoint(module: { id?: unknown; filename?: unknown }): boolean {
  if (module.id === '.') return true;
  if (process.mainModule !== module) return false;
  const main = mainScriptPath();
  return main === undefined || module.filename === main;
}

/**
 * The file Node runs for process.argv[1], found as Node finds it (undefined when that cannot be
 * told: then `process.mainModule` is taken for the entry point, as before). Asked rarely.
 */
function mainScriptPath(): string | undefined {
  const main = process.argv[1];
  if (main === undefined) return undefined;
  try {
    const findPath = (Module as unknown as { _findPath: FindPath })._findPath;
    return findPath(resolvePath(main), null, true) || undefined;
  } catch {
    return undefined;
  }
}

type FindPath = (request: string, paths: null, isMain: boolean) => string | false;

/** Runs `fn` (a `require()` that loads an ES module) with the in-thread hooks registered. */
export function inEsmWindow<T>(fn: () => T): T {
  if (!windowClosed()) return fn();
  openWindow();
  try {
    return fn();
  } finally {
    closeWindow();
  }
}

/** A window opens: the hooks are registered, if no other window has them registered already. */
function openWindow(): void {
  windows++;
  update();
}

/** A window closes: the hooks are taken out, if it was the last open (and the program started). */
function closeWindow(): void {
  windows--;
  update();
}

/**
 * The module of no declared format whose compile opened the window now open (see
 * {@link inFormatWindow}); `undefined` once it required something, or when no such window is open.
 */
let deciding: object | undefined;

/**
 * Runs `fn` — Node compiling `module`, a file of no declared format, which Node makes an ES module
 * if its syntax says so — in a window, as {@link inEsmWindow} does, that ends when `module` first
 * requires something (see {@link requireStarting}). Node decides the format before it runs the
 * module, so a module that requires is CommonJS: what it loads, and everything below that, loads
 * outside the window, through the CommonJS loader's wrappers, as for a file whose format Node was
 * told. So no source is searched for import syntax (a search over the megabytes of such modules in
 * a large program costs more than the windows, and could miss a comment between `import` and
 * what it imports), and no package's tree loads through Node's hook chain for nothing.
 */
export function inFormatWindow<T>(module: object, fn: () => T): T {
  if (!windowClosed()) return fn();
  deciding = module;
  openWindow();
  try {
    return fn();
  } finally {
    if (deciding === module) closeFormatWindow();
  }
}

/** A `require` by `parent` starts: it ends the window `parent`'s compile opened, if it did. */
export function requireStarting(parent: unknown): void {
  if (parent === deciding && parent !== undefined) closeFormatWindow();
}

function closeFormatWindow(): void {
  deciding = undefined;
  closeWindow();
}

/** Whether the windows matter now: hooks wait to be registered, and none are. */
export function windowClosed(): boolean {
  return register !== undefined && handles.length === 0;
}

function update(): void {
  if (register === undefined) return;
  const open = !programStarted || windows > 0;
  if (open && handles.length === 0) {
    const registerHooks = register;
    handles = registrations.map((hooks) => registerHooks(hooks));
  } else if (!open && handles.length > 0) {
    for (const registered of handles.reverse()) registered.deregister();
    handles = [];
  }
}

/**
 * Keeps hookline's hooks first in Node's chain when the program registers hooks of its own
 * (`module.registerHooks`, which runs the hooks registered last first) while hookline's are
 * registered: they are registered anew above the program's, as each window registers them. So
 * hookline's hooks see what the program's resolve and load (a virtual module they serve, a source
 * they rewrite), whether the entry point is an ES module (whose window never closes) or CommonJS,
 * and whichever `--import` comes first.
 */
function watchProgramHooks(): void {
  watchingProgramHooks = true;
  const statics = Module as unknown as { registerHooks: RegisterHooks };
  const nodeRegisterHooks = statics.registerHooks;
  try {
    statics.registerHooks = function registerHooks(hooks) {
      const handle = nodeRegisterHooks.call(Module, hooks);
      if (handles.length > 0) reregister();
      return handle;
    };
  } catch {
    // The program froze node:module: it cannot have replaced registerHooks either, and hooks it
    // registers come after hookline's in Node's chain, as without this watch.
    programHooksAbove = true;
    debug("node:module is frozen: hooks the program registers are not put below hookline's");
    return;
  }
  // For `import { registerHooks } from 'node:module'` taken from now on.
  syncBuiltinESMExports();
}

function reregister(): void {
  if (register === undefined) return;
  const registerHooks = register;
  for (const registered of handles.reverse()) registered.deregister();
  handles = registrations.map((hooks) => registerHooks(hooks));
}

/** The `import()` calls whose synchronous part runs now, innermost last: parent URL and specifier. */
const importCalls: string[] = [];

/**
 * Whether `specifier` is resolving for an `import()` in `parentURL` (whose synchronous part is
 * under way), not for a static import: the audit's `dynamic-import`.
 */
export function isImportCallUnderway(parentURL: string, specifier: string): boolean {
  // Asked of every import: an empty list is not read at index -1 (see asRequested).
  const count = importCalls.length;
  return count > 0 && importCalls[count - 1] === `${parentURL}\0${specifier}`;
}

/**
 * Follows `import()` calls, which Node traces on the `module.import` channel (it exists wherever
 * `module.registerHooks` does; taken here, not as hookline loads, where Node 20 would load it
 * for nothing). Each opens a window until its promise settles. The entry point's own import (no
 * parent, before the program starts) is left to the first window, which a CommonJS entry point closes as it starts, long
 * before that import settles.
 */
function watchImports(): void {
  watchingImports = true;
  const diagnostics = builtinModule('node:diagnostics_channel');
  const channel = diagnostics.tracingChannel<unknown, { url: string; parentURL?: string }>(
    'module.import',
  );
  const counted = new WeakSet<object>();
  channel.subscribe({
    start(message) {
      importCalls.push(`${message.parentURL}\0${message.url}`);
      // No parent: the entry point's import while the program has not started, else an import()
      // in code vm compiled with no file name, which needs a window as any import() does.
      if (message.parentURL === undefined && !programStarted) return;
      counted.add(message);
      openWindow();
    },
    end() {
      importCalls.pop();
    },
    asyncStart() {},
    asyncEnd(message) {
      if (!counted.delete(message)) return;
      closeWindow();
    },
    error() {},
  });
}
