import { collectUnhooks, type Unhook } from '../internal/unhook.js';

/** jest's `afterAll`, as a test file's realm has it. */
type AfterAll = (fn: () => void) => void;

/** The hooks added since the test file now running started. */
let added: Unhook[] | undefined;

/**
 * Undoes, as the jest test file now running ends, every hook added from now on, as jest undoes
 * its `jest.mock` calls: a worker runs many test files one after another in one process, and a
 * hook one of them added would otherwise act in all that follow, and keep the realm its handler
 * was made in (all the test file loaded) alive. Called by the code of hookline's that each test
 * file's realm loads anew (see test-file-realm.ts), with that realm's `afterAll`. Imported first
 * inside a test, where jest refuses `afterAll`, the hooks stay until undone, as outside jest.
 */
export function undoAtTestFileEnd(afterAll: AfterAll): void {
  undoAdded();
  const collected: Unhook[] = [];
  try {
    afterAll(undoAdded);
  } catch {
    return;
  }
  added = collected;
  collectUnhooks(collected);
}

/** Undoes the hooks the test file added that it has not undone itself, the last first. */
function undoAdded(): void {
  const unhooks = added;
  if (unhooks === undefined) return;
  added = undefined;
  collectUnhooks(undefined);
  for (const unhook of unhooks.reverse()) unhook();
}
