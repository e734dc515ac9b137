import { Module } from 'node:module';
import { bound } from '../internal/captured.js';
import { debug } from '../internal/debuglog.js';
import { HooklineError } from '../internal/errors.js';
import { installCommonJsCompile, installCommonJsLoad } from './loaders/commonjs.js';
import {
  installInThreadLoad,
  installInThreadResolve,
  inThreadLoadInstalled,
  inThreadResolveInstalled,
  type RegisterHooks,
} from './loaders/in-thread.js';
import { installOffThread, offThreadInstalled } from './loaders/off-thread.js';
import { installRuntime } from './module-runtime.js';

let installed = false;

/** Whether this Node has in-thread module hooks (`module.registerHooks`). */
export function hasInThreadHooks(): boolean {
  return typeof (Module as { registerHooks?: unknown }).registerHooks === 'function';
}

/**
 * Installs what every hook needs, once, and nothing that costs: the runtime generated code
 * calls, and the CommonJS loader's own functions (`_compile`, `_load`, `_resolveFilename`),
 * wrapped — which is all that CommonJS modules and builtins need. Called by the first hook
 * registered, and by `hookline/register` before the program loads.
 */
export function ensureInstalled(): void {
  if (installFailure !== undefined) throw installFailure;
  if (installed) return;
  installed = true;
  requiredBeforeInstall = Object.keys((Module as unknown as { _cache: object })._cache).length;
  try {
    installRuntime();
    installCommonJsCompile();
    installCommonJsLoad();
  } catch (error) {
    if (!programFroze()) throw error;
    // A program that froze globalThis or node:module (Object.freeze, a hardened realm): the
    // hooks cannot be half in place, so every later hook says why too.
    installFailure = new HooklineError(
      'ERR_HOOKLINE_FROZEN_TARGET',
      {
        where: 'hookline/modules',
        expected: "globalThis and node:module's Module as Node made them, to install its hooks in",
        received: `objects the program froze (${describeCause(error)})`,
        fix: 'Add the first hook before the program freezes them, or start hookline before the program runs (node --import hookline/register app.js), whose hooks keep working after the freeze',
      },
      { cause: error },
    );
    throw installFailure;
  }
}

/** How many modules require's cache held when the hooks were installed. */
let requiredBeforeInstall = 0;

/**
 * Whether modules may have loaded without passing hookline's loaders: some were in require's
 * cache when they were installed (a `--require` before `--import hookline/register`), or the
 * program has started (a tool it runs may load modules its own way). While the preloads of a
 * program started with hookline first load, every module has passed them.
 */
export function mayHaveLoadedUnseen(): boolean {
  return requiredBeforeInstall > 0 || !preloading;
}

/** Why the hooks could not be installed, once known: thrown again by every later hook. */
let installFailure: HooklineError | undefined;

/** Whether the program froze, sealed or locked what hookline installs its hooks into. */
function programFroze(): boolean {
  const load = Object.getOwnPropertyDescriptor(Module, '_load');
  return (
    !Object.isExtensible(globalThis) ||
    !Object.isExtensible(Module) ||
    (load !== undefined && load.writable === false && load.set === undefined)
  );
}

function describeCause(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let preloading = false;

/**
 * Set by `hookline/register` while it loads the configured preloads, when it was imported first:
 * nothing of the program has loaded yet, so hooks added then need not look for modules that
 * loaded before them. After another `--import`, left unset: that one may have loaded some.
 */
export function setPreloading(active: boolean): void {
  preloading = active;
}

/** Whether the program has not started yet (preloads are loading). */
export function isPreloading(): boolean {
  return preloading;
}

/**
 * Whether the in-thread hooks were installed before the program's modules loaded (while the
 * preloads load): only then have they seen every ES module. Installed later, they have not seen
 * those that loaded before.
 */
let watchedFromStart = false;

/**
 * Whether the in-thread hooks have a record of every ES module that loaded, for hooks added
 * later: they have watched from the start. Node 20's loader thread keeps none (reporting every
 * module to the main thread would cost more start-up time than the loader itself), so a hook
 * added late there asks V8 instead.
 */
export function esmLoadsWatched(): boolean {
  return watchedFromStart && esmLoadsWatchedNow();
}

/** Whether the in-thread hooks watch ES modules loading now, from whenever they were installed. */
export function esmLoadsWatchedNow(): boolean {
  return inThreadResolveInstalled() || inThreadLoadInstalled();
}

/**
 * Whether ES module sources are hooked already (the in-thread load hook, or Node 20's loader
 * thread): a hook added now needs nothing more to reach an ES module it selects.
 */
export function esmSourcesHooked(): boolean {
  return inThreadLoadInstalled() || offThreadInstalled();
}

/** What an ES module feature needs to see: resolutions, loads (sources), or both. */
export interface EsmNeeds {
  readonly resolve?: boolean;
  readonly load?: boolean;
}

/**
 * An ES module may have to be hooked. Node's module hooks are not free even when they pass
 * through (on a CommonJS-heavy program an in-thread resolve hook costs a few percent of
 * start-up), so they are installed only now, and only the ones needed: in-thread where
 * `module.registerHooks` exists, else Node's loader thread (Node 20).
 */
export function ensureEsmHooks(
  reason: string,
  needs: EsmNeeds = { resolve: true, load: true },
): void {
  ensureInstalled();
  const registerHooks = (Module as { registerHooks?: RegisterHooks }).registerHooks;
  if (typeof registerHooks === 'function') {
    if (!esmLoadsWatchedNow()) watchedFromStart = isPreloading();
    if (needs.resolve) installInThreadResolve(bound(registerHooks, Module));
    if (needs.load) installInThreadLoad(bound(registerHooks, Module));
    return;
  }
  if (offThreadInstalled()) return;
  debug('starting the loader thread for %s', reason);
  installOffThread();
}
