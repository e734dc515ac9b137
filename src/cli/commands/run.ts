import type { Command } from '../command.js';
import { launch } from '../run/launch.js';
import { parseRunArgs } from '../run/parse-run-args.js';
import { runFlags } from '../run/run-flags.js';

function help(): string {
  const width = Math.max(...runFlags.map((flag) => flag.usage.length));
  return [
    'Usage: hookline run [options] [node options] [--] app.js [args...]',
    '',
    'Runs a Node.js program with hookline attached, without changing its code.',
    '',
    'Options:',
    ...runFlags.map((flag) => `  ${flag.usage.padEnd(width)}  ${flag.summary}`),
    '',
    'Other options before the program go to Node as they are; give them as --flag=value',
    '(for example --enable-source-maps, --experimental-strip-types). The exit code is the',
    "program's.",
  ].join('\n');
}

/** `hookline run`: start a program with hookline's preloads; see `runFlags` for the options. */
export const run: Command = {
  name: 'run',
  summary: 'run a program with hooks attached (--hook-on-error, --audit, --trace, --logpoint)',
  get help() {
    return help();
  },
  readsHelp: true,
  async run(argv) {
    let parsed: ReturnType<typeof parseRunArgs>;
    try {
      parsed = parseRunArgs(argv);
    } catch (message) {
      if (typeof message !== 'string') throw message;
      // A message that is a sentence of its own (a policy file's error) keeps its own full stop.
      const sentence = /[.?!]$/.test(message) ? message : `${message}.`;
      process.stderr.write(`hookline run: ${sentence} Run \`hookline run --help\` for usage.\n`);
      return 2;
    }
    if (parsed.help) {
      process.stdout.write(`${help()}\n`);
      return 0;
    }
    return launch(parsed.plan, parsed.program);
  },
};
