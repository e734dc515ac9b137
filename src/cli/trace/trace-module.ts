import type { ImportInfo } from '../../modules/index.js';
import { traceCalls } from '../../trace/index.js';
import type { TracedCall } from '../../trace/types.js';
import { jsonSafe } from './trace-output.js';
import { globTest, type TraceSpec } from './trace-specs.js';

type Emit = (event: Record<string, unknown>) => void;

/**
 * The `onImport` handler of one `--trace`: wraps the selected methods of the module's exports
 * (or of the object its dotted prefix names) so that each call, return and throw is one event.
 *
 * @example
 * ```ts
 * onImport('node:fs', traceModule(parseTraceSpec('node:fs:read*'), emit));
 * ```
 */
export function traceModule(
  spec: TraceSpec,
  emit: Emit,
): (exports: Record<string, unknown>, info: ImportInfo) => void {
  const options = {
    include: globTest(spec.glob),
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
  return (exports, info) => {
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
}
