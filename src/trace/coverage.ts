import { fileURLToPath } from 'node:url';
import { HooklineError } from '../internal/errors.js';
import { readFileSync } from '../internal/fs.js';
import { lineAt, lineStarts } from '../internal/line-starts.js';
import { compiledLineLengths, originalUrlPosition } from '../internal/source-map.js';
import { isOwnCode } from './own-code.js';
import { checkFunction } from './profile.js';
import { openProfilerSession } from './profiler-session.js';
import type { CoverageResult, FunctionPlace, ScriptCoverage } from './types.js';

/**
 * Runs `fn` — sync or async — with V8's precise coverage on (call counts, block by block), and
 * resolves with what it returned, the coverage of the program's scripts (not Node's `node:`
 * modules, nor hookline's; V8's `ScriptCoverage`, the format `NODE_V8_COVERAGE` writes) and a
 * summary of the functions that ran, with how many times. Counts are of the calls made while
 * `fn` ran — the whole thread's, for an async `fn`. What `fn` throws goes on to the caller.
 *
 * @example
 * ```ts
 * import { coverage } from 'hookline/trace';
 *
 * const { summary } = await coverage(() => parseArgs(['--port', '80']));
 * // [{ name: 'parseArgs', url: 'file:///…/args.js', line: 3, count: 1 }, { name: 'readFlag', … count: 2 }]
 * ```
 *
 * One `coverage()` runs at a time: V8 keeps one set of counters for the thread.
 *
 * @throws {Error} `ERR_HOOKLINE_INSPECTOR_UNAVAILABLE` (a rejection) as `profile()` does;
 * `ERR_HOOKLINE_COVERAGE_RUNNING` (a rejection) when another `coverage()` has not resolved yet
 * (called in its `fn`, or alongside it); {TypeError} `ERR_HOOKLINE_INVALID_ARGUMENT` when `fn`
 * is not a function.
 */
export async function coverage<T>(fn: () => T | PromiseLike<T>): Promise<CoverageResult<T>> {
  checkFunction('coverage(fn)', fn);
  if (running) throw overlapping();
  // Taken before the first await, so that a coverage() started alongside sees it.
  running = true;
  try {
    return await covered(fn);
  } finally {
    running = false;
  }
}

/**
 * Whether a `coverage()` has not resolved yet. V8 keeps one set of counters for the thread (the
 * coverage mode is the isolate's, whatever the session): a second one starting would reset the
 * first's counts, and the first ending would reset the second's, both silently wrong.
 */
let running = false;

function overlapping(): HooklineError {
  return new HooklineError('ERR_HOOKLINE_COVERAGE_RUNNING', {
    where: 'coverage(fn)',
    expected: 'no other coverage() running',
    received:
      "a call made while another coverage() was still running (in its fn, or alongside it): V8 keeps one set of call counts for the thread, and each call's start and end would reset the other's",
    fix: 'Await the first coverage() before starting the next, or take one coverage() around all of the work: it counts every call made while it runs.',
  });
}

async function covered<T>(fn: () => T | PromiseLike<T>): Promise<CoverageResult<T>> {
  const session = openProfilerSession('coverage(fn)');
  try {
    await session.post('Profiler.enable');
    // Starting resets the counts: those taken after are of the calls made since.
    await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
    let result: T;
    let taken: { result: ScriptCoverage[] };
    try {
      result = await fn();
    } finally {
      taken = await session.post<{ result: ScriptCoverage[] }>('Profiler.takePreciseCoverage');
      await session.post('Profiler.stopPreciseCoverage');
    }
    const scripts = taken.result.filter((script) => isProgramScript(script.url));
    return { result, coverage: scripts, summary: summarize(scripts) };
  } finally {
    session.close();
  }
}

function isProgramScript(url: string): boolean {
  return url !== '' && !url.startsWith('node:') && !isOwnCode(url);
}

function summarize(scripts: readonly ScriptCoverage[]): CoverageResult<unknown>['summary'] {
  const ran: (FunctionPlace & { count: number })[] = [];
  for (const script of scripts) {
    let placeOf: ((offset: number) => Omit<FunctionPlace, 'name'>) | undefined;
    for (const fn of script.functions) {
      const whole = fn.ranges[0];
      // A module's or script's top level is the function of no name at offset 0, not a call.
      if (whole === undefined || whole.count === 0) continue;
      if (fn.functionName === '' && whole.startOffset === 0) continue;
      placeOf ??= placeFinder(script.url);
      ran.push({
        name: fn.functionName || '(anonymous)',
        ...placeOf(whole.startOffset),
        count: whole.count,
      });
    }
  }
  return ran.sort((a, b) => b.count - a.count);
}

/**
 * Where the function that starts at an offset of a script is (V8 gives offsets only): in the
 * source the script was compiled from (`app.ts`, its line) where Node has a source map for it,
 * else in the script's file, line 0 where the file cannot be read (a script from `eval`, a file
 * gone since).
 */
function placeFinder(url: string): (offset: number) => Omit<FunctionPlace, 'name'> {
  // The offsets index the code V8 compiled: for a loader's output (tsx's) not the file on disk,
  // but the text whose line lengths Node keeps with its map. Without a map the file is what ran
  // (Node's type stripping keeps every offset), short of a loader that compiles without one.
  // Debugger.getScriptSource would give any script's text, but turning the debugger on for it
  // takes 30–60 ms the first time, more than the whole coverage takes.
  const compiled = compiledLineLengths(url);
  if (compiled === undefined) {
    const starts = fileLineStarts(url);
    return (offset) => ({ url, line: starts.length === 0 ? 0 : lineAt(starts, offset) + 1 });
  }
  const starts = [0];
  for (let index = 0; index < compiled.length - 1; index++) {
    // Each line ends in one character; a \r before a \n is in the line's length.
    starts.push((starts[index] as number) + (compiled[index] as number) + 1);
  }
  return (offset) => {
    const index = lineAt(starts, offset);
    const column = offset - (starts[index] as number);
    const { file, line } = originalUrlPosition(url, index + 1, column + 1);
    return { url: file, line };
  };
}

/** The offsets where the lines of a script's file start; none where it cannot be read. */
function fileLineStarts(url: string): number[] {
  try {
    return lineStarts(readFileSync(url.startsWith('file:') ? fileURLToPath(url) : url, 'utf8'));
  } catch {
    // No source: lines are 0.
    return [];
  }
}
