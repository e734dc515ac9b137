import { AsyncLocalStorage } from 'node:async_hooks';
import { epochOf, monotonicMs } from '../internal/clock.js';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { failOtelSpan, type OtelSpan, startOtelSpan } from './open-telemetry.js';
import { deliverSpan } from './span-listeners.js';
import type { Span, SpanAttributes, SpanEvent } from './types.js';

/** The span current in each async context: the parent of the next one begun there. */
const current = new AsyncLocalStorage<SpanImpl>();
let lastId = 0;

class SpanImpl implements Span {
  readonly name: string;
  readonly id = ++lastId;
  readonly parent: SpanImpl | undefined;
  readonly #attributes: Record<string, SpanAttributes[string]>;
  readonly #start = monotonicMs();
  readonly #otel: OtelSpan | undefined;
  #error: { name: string; message: string } | undefined;
  #ended = false;

  constructor(name: string, attributes: SpanAttributes, parent: SpanImpl | undefined) {
    this.name = name;
    this.parent = parent;
    this.#attributes = { ...attributes };
    this.#otel = startOtelSpan(name, attributes, parent?.otel);
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Its OpenTelemetry span, where the program has the API. */
  get otel(): OtelSpan | undefined {
    return this.#otel;
  }

  setAttribute(key: string, value: SpanAttributes[string]): this {
    checkAttribute('span.setAttribute(key, value)', key, value);
    if (this.#ended) return this;
    this.#attributes[key] = value;
    this.#otel?.setAttribute(key, value);
    return this;
  }

  fail(error: unknown): this {
    if (this.#ended) return this;
    this.#error =
      error instanceof Error
        ? { name: error.name, message: error.message }
        : { name: 'Error', message: describeValue(error) };
    if (this.#otel) failOtelSpan(this.#otel, error, this.#error.message);
    return this;
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    const duration = monotonicMs() - this.#start;
    // Back to the parent where this span is still current: code after `using`'s block, or after
    // `end()`, is the parent's again.
    if (current.getStore() === this) current.enterWith(this.parent as SpanImpl);
    this.#otel?.end();
    const event: SpanEvent = {
      name: this.name,
      id: this.id,
      parent: this.parent?.id,
      attributes: { ...this.#attributes },
      start: epochOf(this.#start),
      duration,
      ...(this.#error && { error: this.#error }),
    };
    deliverSpan(event);
  }

  [Symbol.dispose](): void {
    this.end();
  }
}

/**
 * Begins a span: a named, timed piece of work, ended by `end()` or, with `using`, at the end of
 * the block. It becomes the current span of the code that follows (an `AsyncLocalStorage`), so
 * spans begun there — also after an `await` — are its children. Each ended span goes to the
 * `onSpan()` listeners and, where the program has `@opentelemetry/api`, is an OpenTelemetry span
 * too. For async work run side by side, {@link withSpan} keeps each span to its own function.
 *
 * @example
 * ```ts
 * import { onSpan, span } from 'hookline/trace';
 *
 * onSpan((event) => console.error(JSON.stringify(event)));
 * {
 *   using load = span('load config', { file: 'app.json' });
 *   load.setAttribute('entries', Object.keys(await readConfig()).length);
 * } // {"name":"load config","id":1,"attributes":{…},"start":…,"duration":3.2}
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_INVALID_ARGUMENT`) when `name` is not a non-empty
 * string, `attributes` not an object, or an attribute not a string, number, boolean or array of
 * one of them.
 */
export function span(name: string, attributes: SpanAttributes = {}): Span {
  check('span(name, attributes)', name, attributes);
  const begun = new SpanImpl(name, attributes, currentSpan());
  current.enterWith(begun);
  return begun;
}

/**
 * Runs `fn` inside a new span, which is current for `fn` alone (and what it starts), and ends it
 * when `fn` returns or, for an async one, when its promise settles; what it throws fails the span
 * and goes on to the caller. Returns what `fn` returns.
 *
 * @example
 * ```ts
 * import { withSpan } from 'hookline/trace';
 *
 * const [users, orders] = await Promise.all([
 *   withSpan('users', () => db.users()),
 *   withSpan('orders', (s) => db.orders(s.id)),
 * ]); // two sibling spans, each the parent of what its function begins
 * ```
 *
 * @throws {TypeError} (code `ERR_HOOKLINE_INVALID_ARGUMENT`) as `span()` does, or when `fn` is
 * not a function.
 */
export function withSpan<T>(
  name: string,
  fn: (span: Span) => T,
  attributes: SpanAttributes = {},
): T {
  check('withSpan(name, fn, attributes)', name, attributes);
  if (typeof fn !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'withSpan(name, fn, attributes)',
      expected: 'a function to run inside the span',
      received: describeValue(fn),
      fix: "Pass the work as a function: withSpan('load', () => load()).",
    });
  }
  const begun = new SpanImpl(name, attributes, currentSpan());
  return current.run(begun, () => {
    let result: T;
    try {
      result = fn(begun);
    } catch (error) {
      begun.fail(error).end();
      throw error;
    }
    if (result instanceof Promise) {
      return Promise.resolve(result).then(
        (value) => {
          begun.end();
          return value;
        },
        (error: unknown) => {
          begun.fail(error).end();
          throw error;
        },
      ) as T;
    }
    begun.end();
    return result;
  });
}

/**
 * The span current here, skipping ended ones: with `using` in an async function, the span is
 * also current in its caller's code that runs on while the function awaits (`enterWith` sets the
 * context of the whole synchronous run), and stays so there after it ends.
 */
function currentSpan(): SpanImpl | undefined {
  let found = current.getStore();
  while (found?.ended) found = found.parent;
  return found;
}

function check(where: string, name: unknown, attributes: unknown): void {
  if (typeof name !== 'string' || name === '') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'a name for the span, a non-empty string',
      received: describeValue(name),
      fix: "Name the work the span measures: span('load config').",
    });
  }
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'attributes as an object of strings, numbers and booleans',
      received: describeValue(attributes),
      fix: "Pass attributes as an object: span('load', { file: 'app.json' }).",
    });
  }
  for (const [key, value] of Object.entries(attributes)) checkAttribute(where, key, value);
}

/**
 * An attribute as OpenTelemetry takes one: a string, a number, a boolean, or an array of one of
 * them. Anything else (a bigint, an object, a function) would reach `onSpan` listeners that
 * write spans as JSON, and OpenTelemetry, which drops it.
 */
function checkAttribute(where: string, key: unknown, value: unknown): void {
  if (typeof key !== 'string' || key === '') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'an attribute name, a non-empty string',
      received: describeValue(key),
      fix: "Name the attribute: span.setAttribute('entries', 4).",
    });
  }
  const kinds = new Set((Array.isArray(value) ? value : [value]).map((each) => typeof each));
  const plain = [...kinds].every(
    (kind) => kind === 'string' || kind === 'number' || kind === 'boolean',
  );
  if (!plain || kinds.size > 1) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: `the attribute ${JSON.stringify(key)} as a string, a number, a boolean, or an array of one of them`,
      received: Array.isArray(value)
        ? `an array of ${[...kinds].join(' and ')}`
        : describeValue(value),
      fix: 'Turn it into one of them first (String(id) for a bigint, JSON.stringify for an object), or leave it out.',
    });
  }
}
