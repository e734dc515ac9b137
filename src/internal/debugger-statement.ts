import type { InspectorClient } from './inspector-session.js';

/** What ends a line for V8, whose locations count lines by them. */
const LINE_TERMINATOR = /\r\n|[\n\r\u2028\u2029]/g;
/** A character that would make `debugger` part of a longer name (`debuggerOn`). */
const NAME_PART = /[\p{ID_Continue}$\u200c\u200d]/u;

/**
 * Whether V8's location `line`/`column` (0-based) in `source` is a `debugger` statement — where
 * V8 stops for the program's own statement — rather than anywhere else a pause can be: another
 * debugger's breakpoint, step or pause.
 *
 * @example
 * ```ts
 * isDebuggerStatementAt('f();\n  debugger;\n', 1, 2); // true
 * isDebuggerStatementAt('f();\n  debugger;\n', 0, 0); // false
 * ```
 */
export function isDebuggerStatementAt(source: string, line: number, column: number): boolean {
  const terminators = new RegExp(LINE_TERMINATOR);
  let lineStart = 0;
  for (let passed = 0; passed < line; passed += 1) {
    const terminator = terminators.exec(source);
    if (terminator === null) return false;
    lineStart = terminator.index + terminator[0].length;
  }
  const at = lineStart + column;
  return source.startsWith('debugger', at) && !NAME_PART.test(source.charAt(at + 8));
}

/** Where the inspector says a frame stands: 0-based, as the protocol counts. */
export interface PauseLocation {
  readonly scriptId: string;
  readonly lineNumber: number;
  readonly columnNumber?: number;
}

/**
 * Whether a pause at `location` is at the program's own `debugger` statement, read from the
 * script's source through `client`: `false` where the script cannot be read any more (resumed
 * and collected since).
 *
 * @example
 * ```ts
 * if (await pausedAtDebuggerStatement(client, event.callFrames[0].location)) await resume();
 * ```
 */
export async function pausedAtDebuggerStatement(
  client: InspectorClient,
  location: PauseLocation,
): Promise<boolean> {
  let source: string;
  try {
    ({ scriptSource: source } = await client.post<{ scriptSource: string }>(
      'Debugger.getScriptSource',
      { scriptId: location.scriptId },
    ));
  } catch {
    return false;
  }
  return isDebuggerStatementAt(source, location.lineNumber, location.columnNumber ?? 0);
}
