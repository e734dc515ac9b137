import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Whether this process is in the foreground process group of its controlling terminal, where a
 * Ctrl+C there reaches it and every other process of the group with it. `undefined` where the
 * system does not say (no `/proc`, no `ps`). Asked when it matters: job control (`fg`, `bg`)
 * moves a process in and out of the foreground as it runs.
 *
 * @example
 * ```ts
 * if (inTerminalForeground() === false) child.kill('SIGINT'); // not the terminal's Ctrl+C
 * ```
 */
export function inTerminalForeground(): boolean | undefined {
  return fromProc() ?? fromPs();
}

/** Linux: `/proc/self/stat`, whose fields after the command's name start `state ppid pgrp session tty_nr tpgid`. */
function fromProc(): boolean | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // The command's name, in parentheses, may hold spaces and parentheses of its own.
  const [, , pgrp, , ttyNumber, tpgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (pgrp === undefined || tpgid === undefined) return undefined;
  return Number(ttyNumber) !== 0 && tpgid === pgrp;
}

/** macOS and other Unixes: `ps`, which names the terminal's foreground process group `tpgid`. */
function fromPs(): boolean | undefined {
  try {
    const [pgid, tpgid] = execFileSync('ps', ['-o', 'pgid=,tpgid=', '-p', String(process.pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .trim()
      .split(/\s+/);
    if (pgid === undefined || tpgid === undefined) return undefined;
    return Number(tpgid) > 0 && tpgid === pgid;
  } catch {
    return undefined;
  }
}
