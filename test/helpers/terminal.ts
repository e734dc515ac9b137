import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './run-node.js';

// Real terminals for tests, through tmux: each test process has its own tmux server on its
// own socket in a private folder, so tests running at the same time, or a developer's own tmux,
// never meet. The server and its folder go when the test process exits.

const socketFolder = mkdtempSync(join(tmpdir(), 'hookline-tmux-'));
const socket = join(socketFolder, 'server');

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

process.once('exit', () => {
  try {
    tmux('kill-server');
  } catch {
    // No server left (it exits with its last session): only the folder remains to remove.
  }
  rmSync(socketFolder, { recursive: true, force: true });
});

/** Quotes one word for the shell tmux runs the command with. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

export interface TerminalOptions {
  /** Extra environment for the command (tmux does not pass the test's own environment). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly columns?: number;
  readonly rows?: number;
}

/** How long `waitFor` polls before it fails, generous for a busy machine. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A command running in a tmux pseudo-terminal: type into it, read its screen. After the
 * command ends the pane shows `[exit N]`. Always `kill()` it (in `finally`, or `using`).
 */
export class Terminal implements Disposable {
  readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** Starts `argv` (not through a shell) in a new terminal. */
  static start(argv: readonly string[], options: TerminalOptions = {}): Terminal {
    const name = `t-${randomUUID().slice(0, 8)}`;
    // The tmux server keeps the environment of whoever started it: reset what the tests rely on.
    const env = Object.entries({
      HOOKLINE_REPL_HISTORY: '',
      HOOKLINE_HOOK: '',
      NODE_DEBUG: '',
      ...options.env,
    }).map(([key, value]) => `${key}=${shellQuote(value)}`);
    const command = `cd ${shellQuote(options.cwd ?? repoRoot)} && env ${env.join(' ')} ${argv
      .map(shellQuote)
      .join(' ')}; echo "[exit $?]"; sleep 600`;
    const args = ['new-session', '-d', '-s', name];
    args.push('-x', String(options.columns ?? 200), '-y', String(options.rows ?? 50), command);
    for (let attempt = 1; ; attempt += 1) {
      try {
        tmux(...args);
        return new Terminal(name);
      } catch (error) {
        // The server exits with its last session; a session started at that moment meets a
        // server on its way out. A new server is started on the next try.
        const stderr = String((error as { stderr?: unknown }).stderr);
        if (attempt >= 5 || !stderr.includes('server exited unexpectedly')) throw error;
      }
    }
  }

  /** Types `text` as it is (no key names). */
  type(text: string): void {
    tmux('send-keys', '-t', this.name, '-l', text);
  }

  /** Presses keys by tmux name: `Enter`, `Tab`, `C-d`, `C-c`, `Up`. */
  press(...keys: string[]): void {
    tmux('send-keys', '-t', this.name, ...keys);
  }

  /** Types a line and presses Enter. */
  line(text: string): void {
    this.type(text);
    this.press('Enter');
  }

  /** The screen and its scroll-back, wrapped lines joined; with `escapes`, colours included. */
  screen(options: { escapes?: boolean } = {}): string {
    const escapes = options.escapes ? ['-e'] : [];
    return tmux('capture-pane', '-p', '-J', ...escapes, '-t', this.name, '-S', '-3000');
  }

  /**
   * Polls the screen until `expected` shows (a string, or a pattern), after the `from`-th
   * character if given; returns the screen. Fails with the screen when the deadline passes.
   */
  async waitFor(
    expected: string | RegExp,
    options: { timeout?: number; from?: number } = {},
  ): Promise<string> {
    const deadline = Date.now() + (options.timeout ?? DEFAULT_TIMEOUT_MS);
    for (;;) {
      const screen = this.screen();
      const tail = screen.slice(options.from ?? 0);
      if (typeof expected === 'string' ? tail.includes(expected) : expected.test(tail)) {
        return screen;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `the terminal did not show ${String(expected)} in time. Screen:\n${screen.trimEnd()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Types a line at the prompt and waits for the next prompt; returns what was printed between. */
  async run(text: string, prompt = '\n> '): Promise<string> {
    const before = this.screen().trimEnd().length;
    this.line(text);
    const screen = await this.waitFor(prompt, { from: before + text.length });
    const tail = screen.slice(before);
    const start = tail.indexOf(text) + text.length;
    const end = tail.indexOf(prompt, start);
    return tail.slice(start, end === -1 ? undefined : end).trim();
  }

  /** Waits for the command to end and returns its exit code. */
  async exitCode(): Promise<number> {
    const screen = await this.waitFor(/\[exit \d+\]/);
    return Number(/\[exit (\d+)\]/.exec(screen)?.[1]);
  }

  kill(): void {
    try {
      tmux('kill-session', '-t', this.name);
    } catch (error) {
      // Already gone (the server exits with its last session): nothing left to clean.
      const stderr = String((error as { stderr?: unknown }).stderr);
      if (!/can't find session|no server running|server exited unexpectedly/.test(stderr))
        throw error;
    }
  }

  [Symbol.dispose](): void {
    this.kill();
  }
}

/** The result of a command run with no terminal. */
export interface DetachedResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Runs `command` in a new session, so it has no controlling terminal even when the tests are
 * run from one (as in CI): `/dev/tty` cannot be opened there.
 */
export function runWithoutTerminal(
  command: string,
  args: readonly string[],
  options: {
    env?: Readonly<Record<string, string>>;
    cwd?: string;
    timeout?: number;
    input?: string;
  } = {},
): Promise<DetachedResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NODE_DEBUG: '', HOOKLINE_REPL_HISTORY: '', ...options.env },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${command} ${args.join(' ')} did not end in time.\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, options.timeout ?? 60_000);
    child.once('error', reject);
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, status, signal });
    });
    // A program that ends without reading its input (it skipped the hook) closes the pipe before
    // the write: what it printed is the result, not the write's EPIPE.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(options.input ?? '');
  });
}
