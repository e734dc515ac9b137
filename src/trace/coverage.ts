import { fileURLToPath } from 'node:url';
import { readFileSync } from '../internal/fs.js';
import { isOwnCode } from './own-code.js';
import { checkFunction } from './profile.js';
import { openProfilerSession } from './profiler-session.js';
import type { CoverageResult, ScriptCoverage } from './types.js';

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
 * @throws {Error} `ERR_HOOKLINE_INSPECTOR_UNAVAILABLE` (a rejection) as `profile()` does;
 * {TypeError} `ERR_HOOKLINE_INVALID_ARGUMENT` when `fn` is not a function.
 */
export async function coverage<T>(fn: () => T | PromiseLike<T>): Promise<CoverageResult<T>> {
  checkFunction('coverage(fn)', fn);
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
  const ran: { name: string; url: string; line: number; count: number }[] = [];
  for (const script of scripts) {
    const lineOf = lineFinder(script.url);
    for (const fn of script.functions) {
      const whole = fn.ranges[0];
      // A module's or script's top level is the function of no name at offset 0, not a call.
      if (whole === undefined || whole.count === 0) continue;
      if (fn.functionName === '' && whole.startOffset === 0) continue;
      ran.push({
        name: fn.functionName || '(anonymous)',
        url: script.url,
        line: lineOf(whole.startOffset),
        count: whole.count,
      });
    }
  }
  return ran.sort((a, b) => b.count - a.count);
}

/**
 * The 1-based line of an offset in a script, from its file (V8 gives offsets only); 0 where the
 * file cannot be read (a script from `eval`, a file changed or gone since).
 */
function lineFinder(url: string): (offset: number) => number {
  let starts: number[] | undefined;
  return (offset) => {
    if (starts === undefined) {
      starts = [];
      try {
        const source = readFileSync(url.startsWith('file:') ? fileURLToPath(url) : url, 'utf8');
        starts.push(0);
        for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) {
          starts.push(at + 1);
        }
      } catch {
        // No source: lines are 0.
      }
    }
    if (starts.length === 0) return 0;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}
