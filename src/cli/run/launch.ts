import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { LaunchPlan } from './launch-plan.js';

const forwarded: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];

/**
 * Runs `node [plan] program...` with this process's terminal and resolves to the exit code
 * to end with. Signals sent to this process go to the program; Ctrl+C in a terminal reaches
 * both already, so this process only waits for the program to decide. A program killed by a
 * signal ends this one with `128 + the signal's number`, as a shell reports it.
 */
export function launch(plan: LaunchPlan, program: readonly string[]): Promise<number> {
  const args = [...plan.imports.flatMap((url) => ['--import', url]), ...plan.nodeArgs, ...program];
  const child = spawn(process.execPath, args, {
    stdio: 'inherit',
    env: { ...process.env, ...plan.env },
  });
  const relay = (signal: NodeJS.Signals) => {
    // Ctrl+C is delivered to the whole foreground process group; relaying it again would
    // make the program see it twice.
    if (signal !== 'SIGINT') child.kill(signal);
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
