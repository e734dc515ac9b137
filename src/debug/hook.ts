import { formatSite } from '../internal/call-site.js';
import { isBusy, pauseForRequest, prestart, threadProblem } from './main-thread.js';
import { hookMode } from './mode.js';
import { type HookOptions, resolveHookOptions } from './options.js';
import { Outcome, type Transport } from './protocol.js';
import {
  noticeExternalInspector,
  noticeOnce,
  siteOf,
  socketListened,
  socketTransport,
  terminalProblem,
} from './site.js';

const hookDisabled = hookMode === 'off';

// Importing hookline/debug means a hook may come: start the debugger worker now, in the
// background, so the first hook opens in a fraction of the time. Only where a hook could
// open a prompt at all (a terminal, or socket mode); the Debugger itself stays off until then.
if (!hookDisabled && (hookMode === 'socket' || terminalProblem() === undefined)) prestart();

/**
 * Pauses the program here and opens a REPL on the terminal whose scope is the caller's:
 * locals, block and closure variables, module scope, globals and `this`. Ctrl+D, `.exit`,
 * `.continue`, `exit` or `quit` resume the program; `.abort` ends it. Assignments work on
 * copies unless `overwriteLocals` is on. `.where`, `.up`, `.down` and `.locals` look around
 * the stack; Tab completes names and properties.
 *
 * With no terminal (a pipe, CI), or in a worker thread (only the main thread can be paused), it
 * prints one line on stderr and returns at once.
 * `HOOKLINE_HOOK=0` makes it a no-op; `HOOKLINE_HOOK=socket` serves the REPL on a Unix socket
 * instead (its path is printed on stderr).
 *
 * @example
 * import { hook } from 'hookline/debug';
 *
 * function hashFile(path: string) {
 *   const hash = createHash('sha256');
 *   const text = readFileSync(path, 'utf8');
 *   hook({ banner: 'Why does the digest differ?' }); // `hash`, `text`, `path` are at hand
 *   return hash.update(text).digest('hex');
 * }
 */
export function hook(options?: HookOptions): void {
  if (hookDisabled) return;
  openHook(options);
}

function openHook(rawOptions: unknown): void {
  const options = resolveHookOptions(rawOptions);
  const site = siteOf(hook);
  const where = `${formatSite(site)} in ${site.functionName}`;
  if (isBusy()) {
    noticeOnce(
      `busy ${where}`,
      `hook() at ${formatSite(site)} skipped: a hook is already open (it was reached from code run at the prompt).`,
    );
    return;
  }
  const unpausable = threadProblem();
  if (unpausable !== undefined) {
    noticeOnce(
      `failed ${where}`,
      `hook() at ${formatSite(site)} skipped: ${unpausable.reason}. ${unpausable.fix}`,
    );
    return;
  }
  let transport: Transport = { kind: 'tty' };
  if (hookMode === 'socket') {
    transport = socketTransport();
  } else {
    const problem = terminalProblem();
    if (problem !== undefined) {
      noticeOnce(
        `skip ${where}`,
        `hook() at ${formatSite(site)} skipped: no terminal (${problem}). Set HOOKLINE_HOOK=socket to serve it on a socket, or HOOKLINE_HOOK=0 to silence hooks.`,
      );
      return;
    }
  }
  noticeExternalInspector();
  options.log(`hook entered at ${where}`);
  const enteredAt = performance.timeOrigin + performance.now();
  const result = pauseForRequest(
    {
      kind: 'hook',
      // hooklinePause ← pauseForRequest ← openHook ← hook ← the caller
      callerFrame: 4,
      site: { file: site.file, line: site.line, functionName: site.functionName },
      banner: options.banner,
      overwriteLocals: options.overwriteLocals,
      snapshot: options.snapshot,
      transport,
    },
    {},
    () => {
      if (transport.kind === 'socket') {
        process.stderr.write(
          `hookline: hook() at ${formatSite(site)} is waiting on socket ${transport.path} (hookline attach ${transport.path})\n`,
        );
      }
    },
  );
  if (result.kind !== 'served') {
    const reason = result.kind === 'busy' ? 'a hook is already open' : result.reason;
    noticeOnce(`failed ${where}`, `hook() at ${formatSite(site)} skipped: ${reason}.`);
    return;
  }
  if (transport.kind === 'socket') socketListened();
  switch (result.outcome) {
    case Outcome.skipped:
      noticeOnce(
        `skip ${where}`,
        `hook() at ${formatSite(site)} skipped: the terminal could not be opened.`,
      );
      return;
    case Outcome.abort:
      options.log(`hook aborted the program at ${where}`);
      process.stderr.write(`hookline: program ended by .abort at ${formatSite(site)}\n`);
      process.exit(1);
      break;
    case Outcome.exit:
      options.log(`hook ended the program with process.exit(${result.exitCode}) at ${where}`);
      process.exit(result.exitCode);
      break;
    default: {
      const promptAfter = result.promptShownAt > 0 ? result.promptShownAt - enteredAt : Number.NaN;
      options.log(
        `hook resumed at ${where}${Number.isNaN(promptAfter) ? '' : ` (prompt shown after ${promptAfter.toFixed(1)} ms)`}`,
      );
    }
  }
}
