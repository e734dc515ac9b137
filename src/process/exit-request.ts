/**
 * What `process.exit(code)` throws when an `onExit` handler calls it as the process ends by
 * `process.exit()` or an uncaught error: it ends that handler, as Python's `SystemExit` ends an
 * `atexit` function, and not the process. Node would end it at once — the handlers after it
 * skipped, and an uncaught error never printed, since Node prints it after the `exit` event.
 */
export class ExitRequest {
  constructor(readonly code: unknown) {}
}

/**
 * Runs `run` (the handlers, in the `exit` event) with `process.exit` standing in for Node's: a
 * call records its code and throws an {@link ExitRequest}, which ends the calling handler. Gives
 * the last request, if any handler made one, once Node's `process.exit` is back.
 *
 * @example
 * ```ts
 * const request = withExitRequests(() => runEachHandler());
 * if (request !== undefined) process.exitCode = request.code;
 * ```
 */
export function withExitRequests(run: () => void): ExitRequest | undefined {
  const nodeExit = process.exit;
  let last: ExitRequest | undefined;
  process.exit = function exit(code?: unknown): never {
    last = new ExitRequest(code);
    throw last;
  } as typeof process.exit;
  try {
    run();
  } finally {
    process.exit = nodeExit;
  }
  return last;
}
