import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { runWaiting, setPromptOpen } from '../internal/inspector-reach.js';
import { onOwnExit } from '../internal/own-exit.js';
import { originalPosition } from '../internal/source-map.js';
import { TOOLKIT_KEY } from './protocol.js';

// The helpers the debugger worker calls on the main thread while it is paused (through
// `Runtime.callFunctionOn`): formatting values with the main thread's own `util.inspect`,
// listing names for completion, the prompt's scopes, and a guard on `process.exit`.

/** Thrown by the guarded `process.exit` so the worker can ask before ending the program. */
class ExitRequest {
  constructor(readonly code: number | undefined) {}
}

/** The objects a prompt's code is evaluated `with`: copies of the caller's variables, then names declared at the prompt. */
interface PromptScopes {
  copies: Record<string, unknown>;
  declared: Record<string, unknown>;
}

const realExit = process.exit;

/** What post-mortem did with an exception (see `toolkit.rememberException`). */
export type ExceptionFate = 'prompted' | 'passed';
const fates = new WeakMap<object, ExceptionFate>();
/** A thrown primitive (`throw 'stop'`) cannot be a WeakMap key: the last one is kept. */
let lastPrimitive: { value: unknown; fate: ExceptionFate } | undefined;
const toolkitFile = import.meta.url;

export const toolkit = {
  scopes: { copies: Object.create(null), declared: Object.create(null) } as PromptScopes,

  /** A value as Node's REPL prints it. */
  inspect(value: unknown, colors: boolean): string {
    return inspect(value, { ...inspect.replDefaults, colors });
  },

  /** An exception as Node's REPL prints it: `Uncaught Error: …` with its stack. */
  formatThrown(value: unknown, colors: boolean): string {
    if (value instanceof ExitRequest) return 'process.exit()';
    const text =
      value instanceof Error && typeof value.stack === 'string'
        ? trimEvalFrames(value.stack)
        : inspect(value, { ...inspect.replDefaults, colors });
    return `Uncaught ${text}`;
  },

  isExitRequest(value: unknown): number | false {
    return value instanceof ExitRequest ? (value.code ?? 0) : false;
  },

  /**
   * The identifier-like keys of `value`, one group per object on its prototype chain (own
   * keys first), as Node's REPL groups completions.
   */
  propertyNames(value: unknown): string[][] {
    if (value === null || value === undefined) return [];
    const seen = new Set<string>();
    const groups: string[][] = [];
    let current: object | null = Object(value);
    for (let depth = 0; current !== null && depth < 32; depth += 1) {
      const group = Object.getOwnPropertyNames(current).filter(
        (name) => !seen.has(name) && /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name),
      );
      for (const name of group) seen.add(name);
      if (group.length > 0) groups.push(group.sort());
      current = Object.getPrototypeOf(current) as object | null;
    }
    return groups;
  },

  globalNames(): string[] {
    return toolkit.propertyNames(globalThis).flat();
  },

  /**
   * Starts a prompt: fresh scopes, `process.exit` guarded; returns the global names for
   * completion. One call, so the prompt appears after as few round trips as possible.
   */
  beginPrompt(): string[] {
    setPromptOpen(true);
    toolkit.resetScopes();
    toolkit.guardExit();
    return toolkit.globalNames();
  },

  /**
   * Moves the prompt to a frame: copies its variables (unless `mode` is `'none'`), gives it a
   * `require` resolving from `file` when it has none (ES modules), and returns the names of
   * each scope, plus the names `'deep'` could not clone.
   */
  enterFrame(
    mode: 'none' | 'shallow' | 'deep',
    file: string,
    ...scopeObjects: object[]
  ): { names: string[][]; shared: string[] } {
    const shared = toolkit.copyFrame(mode, ...scopeObjects);
    const names = scopeObjects.map((scope) => Object.keys(scope));
    if (file.startsWith('/') && !names.some((list) => list.includes('require'))) {
      toolkit.scopes.copies['require'] = createRequire(file);
    }
    return { names, shared };
  },

  /** A fresh prompt: no declared names, copies (or none) of the frame's variables. */
  resetScopes(): void {
    toolkit.scopes = { copies: Object.create(null), declared: Object.create(null) };
  },

  /**
   * Copies the caller's variables into the prompt's copies scope, each scope object passed
   * innermost first. `deep` clones each value with `structuredClone`; a value that cannot be
   * cloned is shared instead, and its name is returned so the prompt can say so.
   */
  copyFrame(mode: 'none' | 'shallow' | 'deep', ...scopeObjects: object[]): string[] {
    const copies: Record<string, unknown> = Object.create(null);
    const shared: string[] = [];
    if (mode !== 'none') {
      for (const scope of scopeObjects) {
        for (const name of Object.keys(scope)) {
          if (name in copies) continue;
          const read = readBinding(scope, name);
          // A `let` not yet initialised stays out: reading it at the prompt then fails as in code.
          if (!read.ok) continue;
          copies[name] = mode === 'deep' ? cloneOrShare(read.value, name, shared) : read.value;
        }
      }
    }
    toolkit.scopes.copies = copies;
    return shared;
  },

  /** Names about to be declared at the prompt: defined (as `undefined`) so assignments land there. */
  declare(names: string[]): void {
    for (const name of names) {
      Object.defineProperty(toolkit.scopes.declared, name, {
        value: undefined,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  },

  /** Makes names declared with `const` at the prompt refuse assignment, as a `const` does. */
  seal(names: string[]): void {
    for (const name of names) {
      const value = toolkit.scopes.declared[name];
      Object.defineProperty(toolkit.scopes.declared, name, {
        get: () => value,
        set: () => {
          throw new TypeError('Assignment to constant variable.');
        },
        enumerable: true,
        configurable: true,
      });
    }
  },

  declaredNames(): string[] {
    return Object.keys(toolkit.scopes.declared);
  },

  /** Until {@link toolkit.endPrompt}, `process.exit()` asks instead of ending the program. */
  guardExit(): void {
    process.exit = ((code?: number) => {
      throw new ExitRequest(typeof code === 'number' ? code : undefined);
    }) as typeof process.exit;
  },

  /**
   * Ends a prompt: `process.exit` is the program's again, and what code typed there asked of
   * hookline's trace worker is done once the program goes on (a hook's does it as it returns;
   * post-mortem's, after the exception).
   */
  endPrompt(): void {
    process.exit = realExit;
    setPromptOpen(false);
    setImmediate(runWaiting).unref();
  },

  /**
   * After a post-mortem prompt, `process.exit(code)` confirmed there: the uncaught exception
   * still ends the program, with this code instead of 1.
   */
  exitCodeAtExit(code: number): void {
    onOwnExit(() => {
      process.exitCode = code;
    });
  },

  /**
   * Notes what post-mortem did with an exception it was paused at: `'prompted'`, a prompt opened
   * (or was tried); `'passed'`, Node's module loader catches it and passes it on, with no prompt.
   * Node pauses again on the same exception as it passes it on; and as it ends the program,
   * {@link exceptionFate} tells whether the prompt opened for it.
   */
  rememberException(value: unknown, fate: ExceptionFate): void {
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      fates.set(value, fate);
    } else lastPrimitive = { value, fate };
  },

  exceptionFate(value: unknown): ExceptionFate | undefined {
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      return fates.get(value);
    }
    return lastPrimitive !== undefined && Object.is(lastPrimitive.value, value)
      ? lastPrimitive.fate
      : undefined;
  },

  originalPosition(url: string, line: number, column: number) {
    return originalPosition(url, line, column);
  },

  setBox(
    box: { value?: unknown; error?: unknown; thrown?: boolean },
    value: unknown,
    thrown: boolean,
  ): void {
    if (thrown) {
      box.error = value;
      box.thrown = true;
    } else box.value = value;
  },

  /** The caller's variables as a plain object, inner scopes winning over outer ones. */
  collectLocals(...scopeObjects: object[]): Record<string, unknown> {
    const locals: Record<string, unknown> = {};
    for (const scope of scopeObjects.reverse()) {
      for (const name of Object.keys(scope)) {
        const read = readBinding(scope, name);
        if (read.ok) locals[name] = read.value;
      }
    }
    return locals;
  },
};

export type Toolkit = typeof toolkit;

/**
 * One variable of a scope object. Some Nodes expose a `let` still in its temporal dead zone
 * as a property that throws when read.
 */
function readBinding(scope: object, name: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: (scope as Record<string, unknown>)[name] };
  } catch {
    // Not initialised yet: the variable has no value to show.
    return { ok: false };
  }
}

function cloneOrShare(value: unknown, name: string, shared: string[]): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  try {
    return structuredClone(value);
  } catch {
    // Functions, class instances with private state, sockets…: structuredClone refuses them.
    // Sharing the original is the documented fallback; the prompt lists these names.
    shared.push(name);
    return value;
  }
}

/**
 * An error's stack without the program's frames below the prompt: code typed at the prompt
 * runs as an `eval` on the paused frame, so everything from that `eval` frame down is noise.
 */
function trimEvalFrames(stack: string): string {
  const lines = stack.split('\n');
  const evalLine = lines.findIndex((line) =>
    /^\s+at .*\(eval at .*<anonymous>:\d+:\d+\)$/.test(line),
  );
  const kept = evalLine === -1 ? lines : lines.slice(0, evalLine);
  return kept.filter((line) => !line.includes(toolkitFile)).join('\n');
}

/** Makes the toolkit reachable from code the worker evaluates on the main thread. */
export function installToolkit(): void {
  const key = Symbol.for(TOOLKIT_KEY);
  if (Object.hasOwn(globalThis, key)) return;
  Object.defineProperty(globalThis, key, { value: toolkit, enumerable: false, configurable: true });
}
