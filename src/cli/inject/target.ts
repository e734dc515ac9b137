import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Checks that `pid` is a Node.js process this user may signal, before it is sent SIGUSR1: a
 * process that does not handle the signal is ended by it. Throws an error saying why not.
 */
export function checkTarget(pid: number): void {
  try {
    process.kill(pid, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') throw new Error(`no process ${pid} is running`);
    if (code === 'EPERM') {
      throw new Error(
        `process ${pid} is another user's: only its own user (or root) may open its inspector. Run this as that user`,
      );
    }
    throw error;
  }
  // Ended, its parent not having collected it yet (a zombie): signalling it still works.
  if (hasEnded(pid))
    throw new Error(`process ${pid} has ended (its parent has not collected it yet)`);
  const executable = programOf(pid);
  const program = executable ?? commandOf(pid);
  if (program === undefined || /^node(js)?[\d.]*$/i.test(program)) return;
  const told =
    executable === undefined
      ? `, as its command line says (its executable, /proc/${pid}/exe, can be read only by root: the process made itself non-dumpable or changed its user)`
      : '';
  const orRoot =
    executable === undefined ? ', or run this as root to have its executable checked' : '';
  throw new Error(
    `process ${pid} runs ${program}, not node${told}: SIGUSR1, which opens a Node.js program's inspector, would end it. Give the id of a node process${orRoot}`,
  );
}

/** The name of the executable `pid` runs (Linux), or undefined where that cannot be read. */
function programOf(pid: number): string | undefined {
  try {
    // A binary replaced since the process started (Node upgraded under a running server) is
    // named with ' (deleted)' after it: the process still runs what it started with.
    return basename(readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, ''));
  } catch {
    return undefined;
  }
}

/**
 * The name of the program in `pid`'s command line (Linux): readable where its executable is not,
 * as for a process that made itself non-dumpable. undefined where that cannot be read.
 */
function commandOf(pid: number): string | undefined {
  try {
    const first = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0')[0];
    return first ? basename(first) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The TCP ports `pid` listens on (Linux: its sockets in /proc, matched with its network table),
 * so that the inspector SIGUSR1 opened is found on whatever port it took — the default 9229, the
 * program's `--inspect-port`, or 0, a free port chosen then. Empty where /proc cannot tell.
 */
export function listeningPorts(pid: number): number[] {
  return portsOf(pid) ?? [];
}

/**
 * Whether /proc tells which ports `pid` listens on (Linux, the process's own user): where it does,
 * an empty list means none, not "cannot tell".
 */
export function portsAreListed(pid: number): boolean {
  return portsOf(pid) !== undefined;
}

function portsOf(pid: number): number[] | undefined {
  let inodes: Set<string>;
  try {
    inodes = new Set(
      readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
        try {
          const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
          const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
          return inode === undefined ? [] : [inode];
        } catch {
          return [];
        }
      }),
    );
  } catch {
    return undefined;
  }
  const ports: number[] = [];
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; st 0A is LISTEN; the inode is the tenth field.
      const [, local, , state, , , , , , inode] = fields;
      if (state !== '0A' || inode === undefined || !inodes.has(inode) || local === undefined) {
        continue;
      }
      ports.push(Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
    }
  }
  return ports;
}

/**
 * Whether process `pid` has ended: it is gone, or a zombie its parent has not collected yet
 * (Linux). A process still running where /proc cannot tell.
 */
export function hasEnded(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The state follows the command name, which is in parentheses and may hold any character.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}
