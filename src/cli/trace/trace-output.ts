import { openSync, writeSync } from '../../internal/fs.js';
import { plainValue } from '../../internal/plain-value.js';

// Taken when this module loads, before any --trace wraps node:fs: writing a line must not be
// traced itself (tracing `node:fs:write*` would otherwise report its own output forever).
const write = writeSync;

/**
 * Where the JSON lines go: stderr, or the file of `--trace-out` (appended to). Written
 * synchronously, so that the lines before a crash are there and in order; the file stays open
until the process ends.
 *
 * @example
 * ```ts
 * const emit = traceOutput(undefined);
 * emit({ type: 'call', name: 'readFileSync' }); // one line on stderr
 * ```
 */
export function traceOutput(file: string | undefined): (event: Record<string, unknown>) => void {
  const fd = file === undefined ? 2 : openSync(file, 'a');
  return (event) => {
    write(fd, `${JSON.stringify(event)}\n`);
  };
}

/**
 * A traced argument, return or logpoint value as a JSON line shows it: one level of plain objects
 * and arrays, 10 entries, strings cut at 200 characters, the program's code never run.
 *
 * @example
 * ```ts
 * jsonSafe({ id: 1, tags: ['a'] }); // { id: 1, tags: '[Array(1)]' }
 * ```
 */
export function jsonSafe(value: unknown): unknown {
  return undefinedShown(plainValue(value, { depth: 1, entries: 10, string: 200 }));
}

/**
 * `undefined` as `'[undefined]'`, as functions are `'[Function name]'`: JSON has no undefined,
 * and `JSON.stringify` would drop a `value` key that holds it and write an argument as `null`.
 */
function undefinedShown(value: unknown): unknown {
  if (value === undefined) return '[undefined]';
  if (Array.isArray(value)) return value.map(undefinedShown);
  if (typeof value !== 'object' || value === null) return value;
  const shown: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) shown[key] = undefinedShown(entry);
  return shown;
}
