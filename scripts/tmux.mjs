// The REPL tests drive a real terminal through tmux. Installs it where it is missing and the
// system's package manager can be used without a password prompt (root, `sudo -n`, Homebrew);
// otherwise stops with the command that installs it.
import { spawnSync } from 'node:child_process';

const succeeds = (command, args, options = { stdio: 'ignore' }) =>
  spawnSync(command, args, options).status === 0;

/** The commands that install tmux here without asking anything, or undefined. */
function installCommands() {
  if (process.platform === 'darwin') {
    return succeeds('brew', ['--version']) ? [['brew', 'install', 'tmux']] : undefined;
  }
  if (process.platform !== 'linux' || !succeeds('apt-get', ['--version'])) return undefined;
  // `sudo -n true` answers at once: it fails rather than asking for a password.
  const sudo =
    process.getuid?.() === 0 ? [] : succeeds('sudo', ['-n', 'true']) ? ['sudo', '-n'] : undefined;
  if (!sudo) return undefined;
  return [
    [...sudo, 'apt-get', 'update', '-qq'],
    [...sudo, 'apt-get', 'install', '-y', '-qq', 'tmux'],
  ];
}

/** Makes sure `tmux` runs, installing it if it can; exits with a clear message if it cannot. */
export function ensureTmux() {
  if (succeeds('tmux', ['-V'])) return;
  const commands = installCommands();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const [command, ...args] of commands ?? []) {
    console.log(`\n▶ installing tmux: ${[command, ...args].join(' ')}`);
    if (!succeeds(command, args, { stdio: 'inherit', env })) break;
  }
  if (succeeds('tmux', ['-V'])) return;
  console.error(
    '✖ tmux is missing and could not be installed here (no root, no passwordless sudo): the' +
      ' terminal tests need it. Install it (apt-get install tmux, brew install tmux) and run the' +
      ' tests again.',
  );
  process.exit(1);
}
