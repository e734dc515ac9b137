import { collectUnhooks, type Unhook } from '../internal/unhook.js';

/** jest's `afterAll`, as a test file's realm has it. */
type AfterAll = (fn: () => void) => void;

/** The hooks added since the test file now running started, and the realm it runs in. */
let scope: { readonly realm: object; readonly added: Unhook[] } | undefined;

/**
 * Undoes, as the jest test file now running ends, every hook added from now on, as jest undoes
 * its `jest.mock` calls: a worker runs many test files one after another in one process, and a
 * hook one of them added would otherwise act in all that follow. Called by the code of hookline's
 * that each test file's realm (`realm`, its global) loads anew (see test-file-realm.ts), with
 * that realm's `afterAll` where jest still takes one. Where it does not (hookline imported first
 * inside a test or a hook), they are undone as the next test file to import hookline starts.
 * Loaded again in the same realm (after `jest.resetModules()`), nothing changes.
 */
export function undoAtTestFileEnd(realm: object, afterAll: AfterAll | undefined): void {
  if (scope?.realm === realm) return;
  undoAdded();
  const added: Unhook[] = [];
  scope = { realm, added };
  collectUnhooks(added);
  afterAll?.(undoAdded);
}

/** Undoes the hooks the test file added that it has not undone itself, the last first. */
function undoAdded(): void {
  const ending = scope;
  if (ending === undefined) return;
  scope = undefined;
  collectUnhooks(undefined);
  for (const unhook of ending.added.reverse()) unhook();
}
