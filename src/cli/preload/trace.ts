// Loaded with `--import` by `hookline run --trace … / --logpoint …`, before the program.
import { onOwnExit } from '../../internal/own-exit.js';
import { onImport } from '../../modules/index.js';
import { logpoint, type Unhook } from '../../trace/index.js';
import { logpointReach } from '../../trace/logpoint.js';
import { traceModule, tracePattern } from '../trace/trace-module.js';
import { jsonSafe, traceOutput } from '../trace/trace-output.js';
import type { LogpointSpec, TraceSpec } from '../trace/trace-specs.js';

const traces = JSON.parse(process.env['HOOKLINE_TRACE'] ?? '[]') as TraceSpec[];
const logpoints = JSON.parse(process.env['HOOKLINE_LOGPOINTS'] ?? '[]') as LogpointSpec[];
const out = process.env['HOOKLINE_TRACE_OUT'];
// The program's own environment, as it would be without hookline.
delete process.env['HOOKLINE_TRACE'];
delete process.env['HOOKLINE_LOGPOINTS'];
delete process.env['HOOKLINE_TRACE_OUT'];

// Before the program runs, which may change its argv: the entry module, whose trace's handler
// never runs when its top level throws or exits.
const entry = process.argv[1];
let threw = false;
let thrown: unknown;
process.on('uncaughtExceptionMonitor', (error) => {
  threw = true;
  thrown = error;
});

const emit = traceOutput(out);
const traced = traces.map((spec) => {
  const trace = traceModule(spec, emit);
  onImport(spec.specifier, trace.handler);
  return { spec, trace };
});
const placed: { location: string; expression: string; unhook: Unhook }[] = [];
// A --trace that traced nothing, or a --logpoint never reached, says why, rather than leaving the
// output silent. Listened to before the first logpoint starts the trace worker, which knows the
// files that loaded: it ends at exit too, and exit listeners run in the order they were added.
onOwnExit(() => {
  for (const { spec, trace } of traced) {
    const why = trace.unmatched({ entry, threw, thrown });
    if (why !== undefined) {
      const glob = tracePattern(spec);
      emit({ type: 'unmatched', module: spec.module, glob, why, time: Date.now() });
    }
  }
  for (const { location, expression, unhook } of placed) {
    const reach = logpointReach(unhook);
    if (reach === 'reached') continue;
    const colon = location.lastIndexOf(':');
    const file = location.slice(0, colon);
    const why =
      reach === 'never loaded'
        ? `${file} never loaded`
        : `line ${location.slice(colon + 1)} of ${file} never ran`;
    emit({ type: 'unmatched', location, expression, why, time: Date.now() });
  }
});
for (const { location, expression } of logpoints) {
  const unhook = logpoint(location, expression, {
    log: (value) =>
      emit({ type: 'logpoint', location, expression, value: jsonSafe(value), time: Date.now() }),
  });
  placed.push({ location, expression, unhook });
}
