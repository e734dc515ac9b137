import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { nodeBinary, repoRoot } from './run-node.js';

// Running programs to inject into, and hookline commands run against them in the background —
// for what a test must do while a command runs: signal it, type to it, start another one.

const injectable = join(repoRoot, 'test', 'fixtures', 'cli', 'injectable.mjs');
export const cli = join(repoRoot, 'dist', 'cli', 'main.js');

/** A process whose output is collected, with a wait for what it prints. */
export interface Watched {
  readonly child: ChildProcess;
  readonly pid: number;
  /** What it printed so far, on each stream. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in what it printed on `stream`. */
  printed(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<RegExpExecArray>;
  /** Resolves once it has exited: its code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `args` with the Node under test, its output collected. */
export function watched(
  args: readonly string[],
  options: { detached?: boolean; node?: string } = {},
): Watched {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG: '', NODE_OPTIONS: '' };
  delete env['NODE_TEST_CONTEXT'];
  const child = spawn(options.node ?? nodeBinary, args, {
    cwd: repoRoot,
    env,
    detached: options.detached ?? false,
  });
  const text = { stdout: '', stderr: '' };
  const waiters: {
    pattern: RegExp;
    stream: 'stdout' | 'stderr';
    resolve(m: RegExpExecArray): void;
  }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(text[waiter.stream]);
      if (match === null) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(match);
    }
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].setEncoding('utf8').on('data', (chunk: string) => {
      text[stream] += chunk;
      check();
    });
  }
  // A command that ends before reading all its input: what it printed is the result.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    pid: child.pid ?? 0,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    printed(pattern, stream = 'stdout') {
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, stream, resolve });
        check();
        void exited.then(() =>
          reject(
            new Error(
              `the process ended without printing ${pattern} on ${stream}. stdout:\n${text.stdout}\nstderr:\n${text.stderr}`,
            ),
          ),
        );
      });
    },
    exited,
  };
}

/**
 * Starts the injectable program (a global `counter` of 41, a timer that keeps it running) with
 * `flags`, and waits until it runs.
 */
export async function startTarget(flags: readonly string[], node = nodeBinary): Promise<Watched> {
  const target = watched([...flags, injectable], { node });
  await target.printed(/ready\n/);
  return target;
}

/** `hookline <args>` run in the background, with the Node under test. */
export function hookline(args: readonly string[], options: { detached?: boolean } = {}): Watched {
  return watched([cli, ...args], options);
}

/** The port of the inspector that hookline opened in `target`, as Node printed it there. */
export async function openedPort(target: Watched): Promise<string> {
  const [, port] = await target.printed(
    /Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\//,
    'stderr',
  );
  return port ?? '';
}

/** Whether an inspector answers on `port` of 127.0.0.1. */
export async function inspectorListens(port: string): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/json/list`);
    return true;
  } catch {
    return false;
  }
}

/** Polls until no inspector answers on `port` (for a close done by a process that is ending). */
export async function inspectorClosed(port: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await inspectorListens(port)) {
    if (Date.now() > deadline) throw new Error(`the inspector on port ${port} is still open`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
