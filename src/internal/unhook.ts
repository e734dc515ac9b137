/**
 * The undo every hookline hook returns: call it, or let `using` dispose of it. Calling it more
 * than once does nothing more.
 *
 * @example
 * ```ts
 * import { onImport } from 'hookline/modules';
 * const unhook = onImport('express', (express) => express);
 * unhook(); // undone; unhook.active is now false
 * {
 *   using _ = onImport('express', (express) => express);
 * } // undone here, at the end of the block
 * ```
 */
export interface Unhook extends Disposable {
  (): void;
  /** `true` until the hook is undone. */
  readonly active: boolean;
}

/** Where the undos made now are kept as well, while a jest test file runs (see test-file-end.ts). */
let collector: Unhook[] | undefined;

/** Keeps every {@link Unhook} made from now on in `into` too; `undefined` stops. */
export function collectUnhooks(into: Unhook[] | undefined): void {
  collector = into;
}

/** Wraps an undo function into an idempotent {@link Unhook}. */
export function createUnhook(undo: () => void): Unhook {
  let active = true;
  const unhook = (() => {
    if (!active) return;
    active = false;
    undo();
  }) as Unhook & { active: boolean };
  Object.defineProperty(unhook, 'active', { get: () => active, enumerable: true });
  Object.defineProperty(unhook, Symbol.dispose, { value: unhook });
  collector?.push(unhook);
  return unhook;
}
