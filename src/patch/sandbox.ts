import { captureOutput } from './capture-output.js';
import { bookkeeping } from './internal/registry.js';
import { restoreEach } from './internal/restore-each.js';
import { patch } from './patch.js';
import { replace } from './replace.js';
import { spy } from './spy.js';
import type { Capture, Patch } from './types.js';

/** A scope of patches, restored together. */
export interface Sandbox extends Disposable {
  /** `patch()`, restored with the sandbox. */
  readonly patch: typeof patch;
  /** `replace()`, restored with the sandbox. */
  readonly replace: typeof replace;
  /** `spy()`, restored with the sandbox. */
  readonly spy: typeof spy;
  /** `captureOutput()`, restored with the sandbox. */
  readonly captureOutput: typeof captureOutput;
  /**
   * Restores everything made through this sandbox, newest first, all of it even when one throws
   * (what failed is thrown at the end). It can be used again after.
   */
  restore(): void;
}

/**
 * A scope for patches: everything made through it is restored at once, newest first, by
 * `restore()` or at the end of a `using` block, leaving patches made elsewhere alone.
 *
 * @example
 * ```ts
 * import fs from 'node:fs';
 * import { sandbox } from 'hookline/patch';
 *
 * {
 *   using box = sandbox();
 *   box.replace(process.env, 'TZ', 'UTC');
 *   const reads = box.spy(fs, 'readFileSync');
 *   // … the code under test …
 * } // both restored here
 * ```
 */
export function sandbox(): Sandbox {
  const made: (Patch | Capture)[] = [];
  const track =
    <A extends unknown[], R extends Patch | Capture>(make: (...args: A) => R) =>
    (...args: A): R =>
      // All of it hookline's own work, the spread of the arguments too: it iterates with
      // Array.prototype[Symbol.iterator], and a spy on a builtin sees the program's calls only.
      bookkeeping(() => {
        const handle = make(...args);
        made.push(handle);
        return handle;
      });
  const restore = () => bookkeeping(() => restoreEach(made.splice(0).reverse()));
  return {
    patch: track(patch as (...args: unknown[]) => Patch) as typeof patch,
    replace: track(replace as (...args: unknown[]) => Patch) as typeof replace,
    spy: track(spy as (...args: unknown[]) => Patch) as unknown as typeof spy,
    captureOutput: track(captureOutput),
    restore,
    [Symbol.dispose]: restore,
  };
}
