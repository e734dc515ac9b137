import { listeningPorts, portsAreListed } from './target.js';

/** How long the target has to open its inspector once signalled. */
const OPEN_TIMEOUT_MS = 5_000;

/** Where a process's inspector is, and whether this call opened it. */
export interface FoundInspector {
  readonly url: string;
  /** Whether SIGUSR1 sent here opened it (it was not open before). */
  readonly opened: boolean;
}

/**
 * The WebSocket URL of process `pid`'s inspector: the one open already, or the one SIGUSR1 opens,
 * on whatever port it takes (Linux: read from /proc).
 */
export async function findInspector(pid: number): Promise<FoundInspector> {
  const before = listeningPorts(pid);
  const probed = await probe(before);
  if (probed.url !== undefined) return { url: probed.url, opened: false };
  // Where /proc lists the process's ports, the port SIGUSR1 opens is among them: 9229 is not
  // tried blindly (another process's inspector may be there).
  const listed = before.length > 0 || portsAreListed(pid);
  return { url: await signalAndWait(pid, probed.others, listed), opened: true };
}

/**
 * Sends SIGUSR1 and waits for the inspector it opens, on a port other than `others`. `listed`:
 * whether /proc listed the process's ports (it listened on some before).
 */
async function signalAndWait(
  pid: number,
  others: ReadonlySet<number>,
  listed: boolean,
): Promise<string> {
  try {
    process.kill(pid, 'SIGUSR1');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH')
      throw new Error(`process ${pid} has ended`);
    throw error;
  }
  const deadline = Date.now() + OPEN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    // Only the ports that are not another server of the program's: a port that was listening
    // before and no longer answered can be an inspector another hookline closed, and this
    // signal opened again on the same port.
    const ports = listeningPorts(pid).filter((port) => !others.has(port));
    // Where /proc cannot tell (not Linux), the port SIGUSR1 uses unless told otherwise.
    const { url } = await probe(ports.length > 0 || listed ? ports : [9229]);
    if (url !== undefined) return url;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(
    `process ${pid} opened no inspector within ${OPEN_TIMEOUT_MS / 1000} s of SIGUSR1: the program may handle SIGUSR1 itself (a process.on('SIGUSR1') listener takes the signal from Node's inspector, and ran now), run with --disable-sigusr1, or under the permission model without --allow-inspector, or its inspector port may be taken by another process (its log then says "Starting inspector … failed")`,
  );
}

/**
 * Which of `ports` of 127.0.0.1 is an inspector: the first one's WebSocket URL, and the ports
 * that answered as something else (the program's own servers).
 */
async function probe(
  ports: readonly number[],
): Promise<{ url: string | undefined; others: Set<number> }> {
  const others = new Set<number>();
  for (const port of ports) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/json/list`, {
        signal: AbortSignal.timeout(1_000),
      });
      const targets = (await response.json()) as { webSocketDebuggerUrl?: unknown }[];
      const url = targets.find((target) => typeof target.webSocketDebuggerUrl === 'string');
      if (url !== undefined) return { url: url.webSocketDebuggerUrl as string, others };
      others.add(port);
    } catch (error) {
      // Refused, or no answer in time (an inspector another hookline is closing or opening
      // again): nothing to tell by. Anything else: a server that is not an inspector.
      if (!refused(error) && !timedOut(error)) others.add(port);
    }
  }
  return { url: undefined, others };
}

function refused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return cause?.code === 'ECONNREFUSED' || cause?.code === 'ECONNRESET';
}

function timedOut(error: unknown): boolean {
  return (error as { name?: unknown }).name === 'TimeoutError';
}
