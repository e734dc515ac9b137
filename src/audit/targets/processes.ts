import { builtinModule } from '../../internal/captured.js';
import { argvOf, pathOf } from '../read-args.js';
import type { Target } from '../target.js';

// Taken as the event is installed: importing hookline/audit loads none of the modules it audits.
const module = () => builtinModule('node:child_process');

/** `exec` and `execSync` take a shell command line: the whole line is the command. */
function spawning(key: string, shell: boolean): Target<'child_process.spawn'> {
  return {
    owner: module,
    key,
    // A refused spawn throws as a spawn with bad arguments does, whatever its form.
    style: 'sync',
    read: (args) => ({
      command: String(args[0]),
      args: shell ? [] : argvOf(args[1]),
      api: `child_process.${key}`,
    }),
  };
}

export const childProcessSpawn: readonly Target[] = [
  spawning('spawn', false),
  spawning('spawnSync', false),
  spawning('execFile', false),
  spawning('execFileSync', false),
  spawning('fork', false),
  spawning('exec', true),
  spawning('execSync', true),
] as Target[];

export const workerStart: readonly Target[] = [
  {
    owner: () => builtinModule('node:worker_threads'),
    key: 'Worker',
    style: 'sync',
    read: (args) => {
      const options = args[1] as { eval?: unknown } | undefined;
      const isEval = options?.eval === true;
      return {
        filename: isEval ? String(args[0]) : (pathOf(args[0]) ?? String(args[0])),
        eval: isEval,
        api: 'new worker_threads.Worker',
      };
    },
  } as Target,
];
