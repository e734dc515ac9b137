import { internally } from '../internal/own-loads.js';
import { renderDiagram } from './diagram.js';

// Taken without the ES module facades, which load more than these two need.
// Taken when an assert fails, not as the module loads: `hookline` re-exports this part, and a
// program that imports it for something else should not load node:assert for it.
const assertModule = () => internally(() => process.getBuiltinModule('node:assert'));
const { inspect } = internally(() => process.getBuiltinModule('node:util'));

/**
 * The key on `globalThis` under which rewritten code finds the runtime. A symbol of the global
 * registry: every copy of hookline in a process (one per installed version, the bundled core and
 * the `hookline/transform` entry) finds the same runtime, and no program name is taken.
 */
export const RUNTIME_KEY = 'hookline.smartAssert';

/**
 * Where an assert's parts are on its line, for a diagram: the call as written (when it is on one
 * line), and the column in it under which each recorded sub-expression's value goes — its
 * operator, property or start — the whole expression's last.
 */
export interface AssertLayout {
  readonly line: string;
  readonly columns: readonly number[];
}

/** The values one evaluation of an assert's expression produced, in the order it produced them. */
export class Recording {
  /** `[index into texts, value]`, as each sub-expression finished. */
  readonly #values: [number, unknown][] = [];
  #result: unknown;

  /**
   * The source text of each recorded sub-expression, the whole expression last; the layout of
   * the line, where the assert is written on one.
   */
  constructor(
    readonly texts: readonly string[],
    readonly layout?: AssertLayout,
  ) {}

  /** Records the value of sub-expression `index` and gives it back, for the expression to go on. */
  v<T>(value: T, index: number): T {
    this.#values.push([index, value]);
    return value;
  }

  /** Records the whole expression's value: the recording is what the assert is then given. */
  e(value: unknown): this {
    this.#result = value;
    return this;
  }

  get result(): unknown {
    return this.#result;
  }

  /**
   * What the assert's parts were: a power-assert diagram of its line where it is written on
   * one, otherwise `text -> value`, one line per sub-expression in the order they ran, the whole
   * expression last.
   */
  lines(): string[] {
    const whole = this.texts.length - 1;
    if (this.layout !== undefined) {
      const { line, columns } = this.layout;
      const marks = [...this.#values, [whole, this.#result] as [number, unknown]].map(
        ([index, value]) => ({ column: columns[index] ?? 0, text: shown(value) }),
      );
      return ['', ...renderDiagram(line, marks).map((row) => `  ${row}`)];
    }
    return [
      ...this.#values.map(([index, value]) => `${this.texts[index]} -> ${shown(value)}`),
      `${this.texts[whole]} -> ${shown(this.#result)}`,
    ];
  }
}

/** A value on one line, a little of its depth: a diagram row or a line of the list each. */
function shown(value: unknown): string {
  return inspect(value, {
    depth: 1,
    breakLength: Number.POSITIVE_INFINITY,
    maxArrayLength: 10,
    maxStringLength: 200,
  });
}

/** The checks made for each assert function, so that a call in a loop makes none. */
const checks = new WeakMap<object, (recording: Recording, ...rest: unknown[]) => unknown>();

/**
 * The check that stands for `assert` (or `assert.ok`, or `ok`) in a rewritten call: the
 * recording's value goes to the assert itself, which passes it, or, where it is falsy, an
 * `AssertionError` lists what each sub-expression was. A message that is an `Error` is thrown
 * by the assert itself, as node:assert does.
 */
function ok(assert: (value: unknown, ...rest: unknown[]) => unknown) {
  let check = checks.get(assert);
  if (check) return check;
  check = function check(recording: Recording, ...rest: unknown[]): unknown {
    const value = recording.result;
    if (value || rest[0] instanceof Error) return assert(value, ...rest);
    const message = rest.length > 0 && rest[0] !== undefined ? String(rest[0]) : 'Assertion failed';
    throw new (assertModule().AssertionError)({
      message: [message, ...recording.lines()].join('\n'),
      actual: value,
      expected: true,
      operator: '==',
      // The first frame of the stack is the line of the assert, not this runtime.
      stackStartFn: check,
    });
  };
  checks.set(assert, check);
  return check;
}

/** What rewritten code calls: `ok(assert)(r(texts).e(…), message)`. */
export interface SmartAssertRuntime {
  readonly ok: typeof ok;
  readonly r: (texts: readonly string[], layout?: AssertLayout) => Recording;
}

/** Puts the runtime where rewritten code finds it, once per process. */
export function installRuntime(): void {
  const global = globalThis as Record<symbol, unknown>;
  const key = Symbol.for(RUNTIME_KEY);
  if (global[key]) return;
  const runtime: SmartAssertRuntime = Object.freeze({
    ok,
    r: (texts: readonly string[], layout?: AssertLayout) => new Recording(texts, layout),
  });
  Object.defineProperty(global, key, { value: runtime, configurable: true });
}
