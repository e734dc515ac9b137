import { createRequire } from 'node:module';
import { join } from 'node:path';
import { debug } from '../internal/debuglog.js';
import type { SpanAttributes } from './types.js';

/** The little of an OpenTelemetry span hookline uses. */
export interface OtelSpan {
  end(): void;
  setAttribute(key: string, value: unknown): unknown;
  recordException(exception: unknown): unknown;
  setStatus?(status: { code: number; message?: string }): unknown;
}

/** The little of `@opentelemetry/api` hookline uses. */
interface OtelApi {
  readonly trace: {
    getTracer(name: string): {
      startSpan(name: string, options: { attributes: SpanAttributes }, context?: unknown): OtelSpan;
    };
    setSpan?(context: unknown, span: OtelSpan): unknown;
  };
  readonly context?: { active(): unknown };
}

/** Status code ERROR of OpenTelemetry's `SpanStatusCode`. */
const STATUS_ERROR = 2;

let looked = false;
let tracer: ReturnType<OtelApi['trace']['getTracer']> | undefined;
let api: OtelApi | undefined;

/**
 * The program's own `@opentelemetry/api`, looked for once, from its working folder and then from
 * its main module: hookline does not depend on it, and a copy of its own would not reach the
 * program's registered tracer provider (the API keeps that in a global its copies share, but
 * only when their versions agree).
 */
function openTelemetry(): OtelApi | undefined {
  if (looked) return api;
  looked = true;
  const from = [join(process.cwd(), 'noop.js')];
  if (process.argv[1]) from.push(process.argv[1]);
  for (const base of from) {
    try {
      const found = createRequire(base)('@opentelemetry/api') as OtelApi;
      if (typeof found?.trace?.getTracer === 'function') {
        api = found;
        tracer = found.trace.getTracer('hookline');
        return api;
      }
    } catch (error) {
      debug('no @opentelemetry/api from %s: %s', base, (error as Error).message);
    }
  }
  return undefined;
}

/** Starts the OpenTelemetry span of a hookline span, as a child of its parent's; none without the API. */
export function startOtelSpan(
  name: string,
  attributes: SpanAttributes,
  parent: OtelSpan | undefined,
): OtelSpan | undefined {
  const found = openTelemetry();
  if (found === undefined || tracer === undefined) return undefined;
  try {
    const context =
      parent !== undefined && found.trace.setSpan && found.context
        ? found.trace.setSpan(found.context.active(), parent)
        : undefined;
    return context === undefined
      ? tracer.startSpan(name, { attributes })
      : tracer.startSpan(name, { attributes }, context);
  } catch (error) {
    debug('OpenTelemetry startSpan failed: %s', (error as Error).message);
    return undefined;
  }
}

/** Marks an OpenTelemetry span as failed with `error`. */
export function failOtelSpan(span: OtelSpan, error: unknown, message: string): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus?.({ code: STATUS_ERROR, message });
}
