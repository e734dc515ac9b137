import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { optionsRecord } from '../internal/options.js';
import { originalUrlPosition } from '../internal/source-map.js';
import { isOwnCode } from './own-code.js';
import { openProfilerSession } from './profiler-session.js';
import type { CpuProfile, FunctionPlace, ProfileOptions, ProfileResult } from './types.js';

type CallFrame = CpuProfile['nodes'][number]['callFrame'];

/**
 * Runs `fn` — sync or async — with V8's CPU profiler on, and resolves with what it returned, the
 * profile (a `.cpuprofile`: write it as JSON and DevTools loads it) and a summary of the
 * functions that took the most time themselves. The profiler samples the whole thread: what else
 * runs while an async `fn` awaits is in the profile too. What `fn` throws stops the profiler and
 * goes on to the caller.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { profile } from 'hookline/trace';
 *
 * const { result, profile: cpu, summary } = await profile(() => render(page));
 * writeFileSync('render.cpuprofile', JSON.stringify(cpu));
 * console.table(summary); // [{ name: 'layout', url: 'file:///…/layout.js', line: 12, selfMs: 41.3 }, …]
 * ```
 *
 * @throws {Error} `ERR_HOOKLINE_INSPECTOR_UNAVAILABLE` (a rejection) where the inspector cannot be
 * reached (the permission model without `--allow-inspector`); {TypeError}
 * `ERR_HOOKLINE_INVALID_ARGUMENT` when `fn` is not a function or an option is not a whole number
 * from 1 (`samplingInterval` up to 2³¹ − 1, V8's limit).
 */
export async function profile<T>(
  fn: () => T | PromiseLike<T>,
  options: ProfileOptions = {},
): Promise<ProfileResult<T>> {
  checkFunction('profile(fn, options)', fn);
  optionsRecord(
    options,
    'profile(fn, options)',
    ['samplingInterval', 'top'],
    'profile(fn, { top: 5 })',
  );
  const interval = wholeNumber(
    'samplingInterval',
    options.samplingInterval,
    MAX_SAMPLING_INTERVAL,
    'microseconds between samples',
  );
  const top = wholeNumber('top', options.top, Number.MAX_SAFE_INTEGER, 'functions to list');
  const session = openProfilerSession('profile(fn)');
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: interval ?? 100 });
    await session.post('Profiler.start');
    let result: T;
    let stopped: { profile: CpuProfile };
    try {
      result = await fn();
    } finally {
      // Stopped also when fn throws: a profiler left on samples the program from then on.
      stopped = await session.post<{ profile: CpuProfile }>('Profiler.stop');
    }
    return {
      result,
      profile: stopped.profile,
      summary: selfTimes(stopped.profile, top ?? 10),
    };
  } finally {
    session.close();
  }
}

/**
 * The nodes where a sample is the profiler's own start and stop, not `fn`'s: hookline's functions
 * themselves (`fn` runs below `profile`, so the node alone, not its callees), and node:inspector's
 * with all they call (the session's native `dispatch`).
 */
function profilerMachinery(
  cpu: CpuProfile,
  byNode: ReadonlyMap<number, CpuProfile['nodes'][number]>,
): Set<number> {
  const found = new Set<number>();
  // Walked with a list, not by recursion: a deep program makes a deep call tree.
  const root = cpu.nodes[0];
  const toVisit: [id: number, underInspector: boolean][] = root ? [[root.id, false]] : [];
  for (let next = toVisit.pop(); next !== undefined; next = toVisit.pop()) {
    const node = byNode.get(next[0]);
    if (node === undefined) continue;
    const inspector = next[1] || node.callFrame.url === 'node:inspector';
    if (inspector || isOwnCode(node.callFrame.url)) found.add(node.id);
    for (const child of node.children ?? []) toVisit.push([child, inspector]);
  }
  return found;
}

/**
 * The functions by the time the samples spent in them, not in what they called; samples of the
 * profiler's own start and stop left out.
 */
function selfTimes(cpu: CpuProfile, top: number): ProfileResult<unknown>['summary'] {
  const byNode = new Map(cpu.nodes.map((node) => [node.id, node]));
  const machinery = profilerMachinery(cpu, byNode);
  // Summed by the function as it ran first, then placed: one source-map look-up a function, not
  // one a sample.
  const ran = new Map<string, { frame: CallFrame; micros: number }>();
  const samples = cpu.samples ?? [];
  const deltas = cpu.timeDeltas ?? [];
  for (let index = 0; index < samples.length; index++) {
    const node = byNode.get(samples[index] as number);
    if (node === undefined || machinery.has(node.id)) continue;
    const frame = node.callFrame;
    const key = `${frame.functionName}\0${frame.url}\0${frame.lineNumber}\0${frame.columnNumber}`;
    const entry = ran.get(key) ?? { frame, micros: 0 };
    // A sample's time is the gap to the next one: what ran from this sample on.
    entry.micros += deltas[index + 1] ?? 0;
    ran.set(key, entry);
  }
  const totals = new Map<string, FunctionPlace & { selfMs: number }>();
  for (const { frame, micros } of ran.values()) {
    const place = placeOf(frame);
    const key = `${place.name}\0${place.url}\0${place.line}`;
    const entry = totals.get(key) ?? { ...place, selfMs: 0 };
    entry.selfMs += micros / 1000;
    totals.set(key, entry);
  }
  return [...totals.values()]
    .filter((entry) => entry.name !== '(idle)')
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
}

/**
 * Where a function is: in the source its script was compiled from where Node has a source map
 * for it (`app.ts`, its line), else in the script as it ran.
 */
function placeOf(frame: CallFrame): FunctionPlace {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') return { name, url: '', line: 0 };
  const { file, line } = originalUrlPosition(
    frame.url,
    frame.lineNumber + 1,
    frame.columnNumber + 1,
  );
  return { name, url: file, line };
}

export function checkFunction(where: string, fn: unknown): void {
  if (typeof fn !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'a function to run while the profiler watches',
      received: describeValue(fn),
      fix: 'Pass the work as a function: profile(() => work()).',
    });
  }
}

/** V8 takes the interval as a 32-bit integer (`Profiler.setSamplingInterval`). */
const MAX_SAMPLING_INTERVAL = 2 ** 31 - 1;

/**
 * An option that counts something (microseconds, functions): a whole number from 1 to `max`.
 * V8 refuses a fraction or a larger interval with a bare "Invalid parameters", after the
 * profiler was reached; said here, before anything starts.
 */
function wholeNumber(name: string, value: unknown, max: number, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'profile(fn, options)',
      expected: `${name} as a whole number of ${what}, from 1 to ${max}`,
      received: describeValue(value),
      fix: `Leave ${name} out for the default, or pass a whole number from 1 to ${max}.`,
    });
  }
  return value;
}
