import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { LaunchPlan } from './launch-plan.js';
import { inTerminalForeground } from './terminal-foreground.js';

const forwarded: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];

/**
 * Runs `node [plan] program...` with this process's terminal and resolves to the exit code
 * to end with. Signals sent to this process go to the program (a process manager stops it by
 * pid: pm2 with SIGINT, docker with its STOPSIGNAL), but for a SIGINT while this process is in
 * the foreground of a terminal: a Ctrl+C there reaches the program already, and a second one
 * would end at once a program that handles the first. A program killed by a signal ends this
 * one with `128 + the signal's number`, as a shell reports it.
 */
export function launch(plan: LaunchPlan, program: readonly string[]): Promise<number> {
  const args = [...plan.imports.flatMap((url) => ['--import', url]), ...plan.nodeArgs, ...program];
  const child = spawn(process.execPath, args, {
    stdio: 'inherit',
    env: { ...process.env, ...plan.env },
  });
  const relay = (signal: NodeJS.Signals) => {
    // The terminal sends Ctrl+C to its whole foreground process group, the program included.
    // There a SIGINT sent to this process alone cannot be told from one: it is not passed on.
    if (signal === 'SIGINT' && inTerminalForeground() !== false) return;
    child.kill(signal);
  };
  for (const signal of forwarded) process.on(signal, relay);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const name of forwarded) process.off(name, relay);
      resolve(code ?? 128 + signalNumber(signal));
    });
  });
}

/** The signal's number on this system, as a shell counts it (1 where none is known). */
function signalNumber(signal: NodeJS.Signals | null): number {
  return (signal && constants.signals[signal]) || 1;
}
