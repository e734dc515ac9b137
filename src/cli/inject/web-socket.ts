import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Set in the command started again with `--experimental-websocket` (Node 20). */
export const RELAUNCHED = 'HOOKLINE_WEBSOCKET_RELAUNCHED';

/** The signals passed on to the command started again. */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Node 20 has its WebSocket client behind `--experimental-websocket` (Node 22 has it by
 * default): where the global is missing, the command runs again in a Node given that flag, and
 * resolves to its exit code. Undefined where WebSocket is there, and the command goes on here.
 *
 * The signals that stop a command are passed on, for the command to leave its session (and close
 * the inspector it opened) before it ends; it is connected to this process by an IPC channel, so
 * that it also learns of this one's end when this one is killed (SIGKILL) and can pass on
 * nothing. A command ended by a signal ends this process with the same signal.
 */
export async function withWebSocket(argv: readonly string[]): Promise<number | undefined> {
  if (process.env[RELAUNCHED] !== undefined) {
    // The channel is only for the parent's end: it must not keep this process running.
    process.channel?.unref();
    return undefined;
  }
  if (typeof globalThis.WebSocket === 'function') return undefined;
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [...process.execArgv, '--experimental-websocket', main, ...argv],
    { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, [RELAUNCHED]: '1' } },
  );
  // Ctrl+C reaches both processes (one process group): the command takes a second signal as
  // the same request.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  try {
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    if (signal === null) return code ?? 1;
    for (const forwarded of FORWARDED) process.off(forwarded, forward);
    process.kill(process.pid, signal);
    return 128 + constants.signals[signal];
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward);
  }
}
