import { emptyPlan, type LaunchPlan } from './launch-plan.js';
import { type RunFlag, runFlags } from './run-flags.js';

/** `hookline run`'s arguments, understood. */
export interface RunArgs {
  readonly plan: LaunchPlan;
  /** The program and its own arguments. */
  readonly program: readonly string[];
  /** `--help` or `-h` came before the program: show the help and run nothing. */
  readonly help: boolean;
}

/**
 * Reads `[hookline options] [node options] [--] app.js [app args]`. Options before the
 * program that hookline does not know go to Node as they are (`--enable-source-maps`,
 * `--inspect`); give them in `--flag=value` form. A `--help` or `-h` after the program is the
 * program's own. Throws a message string on bad usage, unless help was asked for.
 *
 * @example
 * ```ts
 * parseRunArgs(['--hook-on-error', 'cli.js', '--help']); // program: ['cli.js', '--help'], help: false
 * ```
 */
export function parseRunArgs(
  argv: readonly string[],
  flags: readonly RunFlag[] = runFlags,
): RunArgs {
  const plan = emptyPlan();
  // Applied once every option is read: help, wherever it is among them, wins over a bad value.
  const given: [RunFlag, string | undefined][] = [];
  let help = false;
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      index += 1;
      break;
    }
    if (!arg.startsWith('-')) break;
    if (arg === '--help' || arg === '-h') {
      help = true;
      index += 1;
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const flag = flags.find((candidate) => candidate.name === name);
    if (flag === undefined) {
      plan.nodeArgs.push(arg);
      index += 1;
      continue;
    }
    let value: string | undefined;
    if (flag.takesValue) {
      value = equals === -1 ? argv[index + 1] : arg.slice(equals + 1);
      if (value === undefined) throw `${flag.name} needs a value: ${flag.usage}`;
      index += equals === -1 ? 2 : 1;
    } else {
      if (equals !== -1) throw `${flag.name} takes no value`;
      index += 1;
    }
    given.push([flag, value]);
  }
  if (help) return { plan, program: [], help };
  for (const [flag, value] of given) flag.apply(plan, value);
  const program = argv.slice(index);
  if (program.length === 0) throw 'no program to run: hookline run [options] app.js [args]';
  return { plan, program, help };
}
