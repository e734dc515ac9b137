import Module from 'node:module';
import { debug } from '../internal/debuglog.js';
import { installRuntime } from './dispatch.js';
import {
  installCommonJsCompile,
  installCommonJsLoad,
  installCommonJsMocks,
} from './loaders/commonjs.js';
import { installInThread } from './loaders/in-thread.js';
import { installOffThread, offThreadInstalled } from './loaders/off-thread.js';

let installed = false;

type RegisterHooks = Parameters<typeof installInThread>[0];

/** Whether this Node has in-thread module hooks (`module.registerHooks`). */
export function hasInThreadHooks(): boolean {
  return typeof (Module as { registerHooks?: unknown }).registerHooks === 'function';
}

/**
 * Installs the module machinery once: the runtime generated code calls, the CommonJS compile
 * hook, and either the in-thread hooks (where `module.registerHooks` exists) or the CommonJS
 * loader hooks. Called by the first hook registered, and by `hookline/register` before the
 * program loads.
 */
export function ensureInstalled(): void {
  if (installed) return;
  installed = true;
  installRuntime();
  installCommonJsCompile();
  const registerHooks = (Module as { registerHooks?: RegisterHooks }).registerHooks;
  if (typeof registerHooks === 'function') {
    installInThread(registerHooks.bind(Module));
    installCommonJsMocks();
  } else installCommonJsLoad();
}

/** Whether something already watches ES modules load (in-thread hooks, or the loader thread). */
export function esmLoadsWatched(): boolean {
  return (installed && hasInThreadHooks()) || offThreadInstalled();
}

/**
 * An ES module may have to be hooked. In-thread hooks already cover it; on Node 20 this starts
 * Node's loader thread, the one costly part, and only now that it is needed.
 */
export function ensureEsmHooks(reason: string): void {
  ensureInstalled();
  if (hasInThreadHooks() || offThreadInstalled()) return;
  debug('starting the loader thread for %s', reason);
  installOffThread();
}

// Where hooks run in-thread they are nearly free: install them as soon as hookline/modules is
// imported, so that modules loading from then on are known to hooks added later (an ES module
// a hook comes too late for is then named in a warning instead of passing silently).
if (hasInThreadHooks()) ensureInstalled();
