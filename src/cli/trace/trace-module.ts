import type { ImportInfo } from '../../modules/index.js';
import { traceCalls } from '../../trace/index.js';
import type { TracedCall } from '../../trace/types.js';
import { jsonSafe } from './trace-output.js';
import { globTest, type TraceSpec } from './trace-specs.js';

type Emit = (event: Record<string, unknown>) => void;

/** One `--trace` at work: the module's `onImport` handler, and what it found. */
export interface ModuleTrace {
  readonly handler: (exports: Record<string, unknown>, info: ImportInfo) => void;
  /**
   * Why the trace traced nothing, once the program is done: the module never loaded, or no
   * function of it matched the glob; `undefined` when it traced something.
   */
  readonly unmatched: () => string | undefined;
}

/**
 * The `onImport` handler of one `--trace`: wraps the selected methods of the module's exports
 * (or of the object its dotted prefix names) so that each call, return and throw is one event.
 *
 * @example
 * ```ts
 * const trace = traceModule(parseTraceSpec('node:fs:read*'), emit);
 * onImport('node:fs', trace.handler);
 * process.on('exit', () => console.error(trace.unmatched() ?? 'traced'));
 * ```
 */
export function traceModule(spec: TraceSpec, emit: Emit): ModuleTrace {
  let loaded = false;
  let matched = 0;
  const matches = globTest(spec.glob);
  const options = {
    include: (name: string) => {
      const match = matches(name);
      if (match) matched++;
      return match;
    },
    onCall: (call: TracedCall) =>
      emit({
        type: 'call',
        module: spec.module,
        name: call.name,
        args: call.args.map((arg) => jsonSafe(arg)),
        depth: call.depth,
        time: Date.now(),
      }),
    onReturn: (call: TracedCall, value: unknown) =>
      emit({ ...ended('return', call), value: jsonSafe(value) }),
    onThrow: (call: TracedCall, error: unknown) =>
      emit({
        ...ended('throw', call),
        error: error instanceof Error ? error.message : String(error),
      }),
  };
  const ended = (type: string, call: TracedCall) => ({
    type,
    module: spec.module,
    name: call.name,
    depth: call.depth,
    ms: Math.round((performance.now() - call.startedAt) * 1000) / 1000,
  });
  const handler = (exports: Record<string, unknown>, info: ImportInfo) => {
    loaded = true;
    let target: unknown = exports;
    for (const key of spec.path) target = (target as Record<string, unknown> | undefined)?.[key];
    if ((typeof target !== 'object' && typeof target !== 'function') || target === null) {
      emit({
        type: 'error',
        module: spec.module,
        error: `no object ${spec.path.join('.')} in its exports`,
      });
      return;
    }
    if (info.format !== 'module' || spec.path.length > 0) {
      traceCalls(target, options);
      return;
    }
    // An ES module's namespace view takes assignments, not patches: trace a plain copy of the
    // selected exports, then assign each wrapper to its export (importers' bindings follow).
    const selected = Object.keys(exports).filter(
      (key) => typeof exports[key] === 'function' && options.include(key),
    );
    if (selected.length === 0) return;
    const copy = Object.fromEntries(selected.map((key) => [key, exports[key]]));
    traceCalls(copy, options);
    for (const key of selected) exports[key] = copy[key];
  };
  const unmatched = () => {
    if (!loaded) return `${spec.module} never loaded`;
    if (matched === 0) return `no function of ${spec.module} matched ${spec.glob}`;
    return undefined;
  };
  return { handler, unmatched };
}
