#!/usr/bin/env node
import { packageInfo } from '../internal/package-info.js';
import { commands } from './commands/index.js';

function usage(): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: hookline <command> [options]',
    '',
    'Hook into, patch and inject code into Node.js programs.',
    '',
    'Commands:',
    ...(lines.length > 0 ? lines : ['  (none yet)']),
    '',
    'Options:',
    "  -h, --help     show this help, or a command's with `hookline <command> --help`",
    '  -v, --version  print the version',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (first === '-v' || first === '--version') {
    process.stdout.write(`${packageInfo().version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    process.stderr.write(
      `hookline: unknown command ${JSON.stringify(first)}. Run \`hookline --help\` for the list.\n`,
    );
    return 2;
  }
  if (!command.readsHelp && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hookline: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
