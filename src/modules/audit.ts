import { epochNow } from '../internal/clock.js';
import { warn } from '../internal/warning.js';
import { registry } from './registry.js';
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

/** The entry point, when Node loaded it through its ES module loader (reported as an import). */
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

/** Hands one import to every `auditImports` listener; a listener that throws is reported. */
export function emitImport(
  specifier: string,
  resolved: string,
  importer: string | undefined,
  kind: ImportKind,
  time = epochNow(),
  fromOtherThread = false,
): void {
  if (!fromOtherThread) flushEarlier();
  if (importer === undefined && kind === 'import') importedEntry = resolved;
  const event: ImportEvent = { specifier, resolved, importer, kind, time };
  for (const listener of registry.auditors) {
    try {
      listener(event);
    } catch (error) {
      warn(`an auditImports listener threw on "${specifier}"; the import goes on`, error);
    }
  }
}
