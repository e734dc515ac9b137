import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ownRequire } from '../../internal/lazy-require.js';
import { internally } from '../../internal/own-loads.js';
import type { ImportInfo } from '../../modules/index.js';
import { traceCalls } from '../../trace/index.js';
import type { TracedCall } from '../../trace/types.js';
import { jsonSafe } from './trace-output.js';
import { globTest, type TraceSpec } from './trace-specs.js';

type Emit = (event: Record<string, unknown>) => void;

/** How the program ended, as far as a trace of its entry module needs to know. */
export interface ProgramEnd {
  /** The entry module's path, as `process.argv[1]` named it before the program ran. */
  readonly entry: string | undefined;
  /** Whether an uncaught error was thrown. */
  readonly threw: boolean;
  /** What was thrown, when {@link threw}: its stack names the modules it was thrown through. */
  readonly thrown?: unknown;
}

/** One `--trace` at work: the module's `onImport` handler, and what it found. */
export interface ModuleTrace {
  readonly handler: (exports: Record<string, unknown>, info: ImportInfo) => void;
  /**
   * Why the trace traced nothing, once the program is done: the module never loaded (or, the
   * entry module, threw or was cut short while loading), or no function of it (of the object of
   * the dotted prefix) matched the glob; `undefined` when it traced something, or when the
   * object of the prefix was missing, which its `error` line said as the module loaded.
   */
  readonly unmatched: (end: ProgramEnd) => string | undefined;
}

/**
 * The `onImport` handler of one `--trace`: wraps the selected methods of the module's exports
 * (or of the object its dotted prefix names) so that each call, return and throw is one event.
 *
 * @example
 * ```ts
 * const trace = traceModule(parseTraceSpec('node:fs:read*'), emit);
 * onImport('node:fs', trace.handler);
 * process.on('exit', () => console.error(trace.unmatched({ entry: undefined, threw: false }) ?? 'traced'));
 * ```
 */
export function traceModule(spec: TraceSpec, emit: Emit): ModuleTrace {
  let loaded = false;
  /** Whether the object of the dotted prefix was missing: its `error` line said so. */
  let missing = false;
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
      missing = true;
      emit({
        type: 'error',
        module: spec.module,
        glob: tracePattern(spec),
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
  const unmatched = (end: ProgramEnd) => {
    if (!loaded) return notLoaded(spec, end);
    // A missing object was said as the module loaded, by its `error` line.
    if (missing || matched > 0) return undefined;
    const of = spec.path.length === 0 ? spec.module : `${spec.path.join('.')} in ${spec.module}`;
    return `no function of ${of} matched ${spec.glob}`;
  };
  return { handler, unmatched };
}

/**
 * The pattern of a `--trace` as given after its module, dotted prefix and all (`Router.*`), as
 * its `error` and `unmatched` lines name it.
 */
export function tracePattern(spec: TraceSpec): string {
  return [...spec.path, spec.glob].join('.');
}

/**
 * Why the module of a trace never reached its handler, which runs once a module has finished
 * loading. The entry module did start loading (Node runs it): when it never finished, its top
 * level threw, or the program ended first (`process.exit()` there, a top-level await that never
 * settled).
 */
function notLoaded(spec: TraceSpec, end: ProgramEnd): string {
  if (!isAbsolute(spec.specifier)) return `${spec.module} never loaded`;
  const file = fileOf(spec.specifier);
  // A module the uncaught error was thrown through had started loading: its top level threw, or
  // something it was loading did.
  if (end.threw && stackNames(end.thrown, file)) {
    return `${spec.module} threw while loading, before its functions could be traced`;
  }
  if (end.entry === undefined || file !== fileOf(end.entry)) return `${spec.module} never loaded`;
  return end.threw
    ? `${spec.module} threw while loading, before its functions could be traced`
    : `the program ended while ${spec.module} was still loading, before its functions could be traced`;
}

/** Whether the stack of `error` has a frame in `file` (by path, or by URL for an ES module). */
function stackNames(error: unknown, file: string): boolean {
  const stack = (error as { stack?: unknown } | null | undefined)?.stack;
  if (typeof stack !== 'string') return false;
  return stack.includes(`${file}:`) || stack.includes(`${pathToFileURL(file).href}:`);
}

/** The file a path loads, as `require` finds it (extension added, links followed). */
function fileOf(path: string): string {
  try {
    return internally(() => ownRequire().resolve(path));
  } catch {
    // No such file to load: the path itself, which names no file the other one loads either.
    return path;
  }
}
