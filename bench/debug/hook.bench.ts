// hook() costs: a disabled hook per call, and the time from a hook() call to its prompt.
//
//   npm run bench -- debug
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import { Terminal } from '../../test/helpers/terminal.js';
import { compare, printTable } from '../helpers/table.js';

const here = dirname(fileURLToPath(import.meta.url));
const sources = join(here, '..', '..', '..', 'bench', 'debug');

async function disabledHook(): Promise<void> {
  // The mode is read once, when hookline/debug loads.
  process.env['HOOKLINE_HOOK'] = '0';
  const { hook } = await import('hookline/debug');
  const disabledDebuglog = debuglog('hookline-bench-never-enabled');
  let sink = 0;
  await compare(
    'disabled hook(): cost of one call (HOOKLINE_HOOK=0)',
    {
      'empty function call': () => {
        sink += (() => 1)();
      },
      'hookline hook() (HOOKLINE_HOOK=0)': () => {
        hook();
      },
      "util.debuglog('x')() when disabled": () => {
        disabledDebuglog('a message %d', 1);
      },
      'debugger; statement, no debugger attached': () => {
        // biome-ignore lint/suspicious/noDebugger: the statement's own cost is what is measured.
        debugger;
      },
    },
    { baseline: 'empty function call' },
  );
  if (sink < 0) console.log(sink);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Presses Ctrl+D at each prompt until the program ends. */
async function resumeEachPrompt(terminal: Terminal, hooks: number): Promise<void> {
  for (let seen = 1; seen <= hooks; seen += 1) {
    for (;;) {
      const screen = terminal.screen();
      if ((screen.match(/Hooked at /g) ?? []).length >= seen && /\n> ?\s*$/.test(screen)) break;
      // Each poll runs tmux, which competes for the CPU with what is measured (the program's
      // main thread spins while the worker starts): poll rarely, the times come from hookline.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    terminal.press('C-d');
  }
  await terminal.exitCode();
}

/** Time from start to the first screen that matches, polled every few milliseconds. */
async function startToScreen(
  argv: string[],
  pattern: RegExp,
  then: (t: Terminal) => void,
): Promise<number> {
  const started = performance.now();
  using terminal = Terminal.start(argv, { env: { NODE_INSPECT_RESUME_ON_START: '' } });
  for (;;) {
    if (pattern.test(terminal.screen())) break;
    if (performance.now() - started > 30_000) throw new Error(`no ${pattern} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const elapsed = performance.now() - started;
  then(terminal);
  return elapsed;
}

/** Hook-to-prompt times of `runs` processes that each hook `hooks` times after `waitMs`. */
async function hookTimes(runs: number, hooks: number, waitMs: number): Promise<number[][]> {
  const all: number[][] = [];
  for (let run = 0; run < runs; run += 1) {
    const results = join(tmpdir(), `hookline-bench-${process.pid}-${run}.json`);
    {
      using terminal = Terminal.start([process.execPath, join(sources, 'prompt-timing.mjs')], {
        env: { HOOKS: String(hooks), RESULTS: results, WAIT_MS: String(waitMs) },
      });
      await resumeEachPrompt(terminal, hooks);
    }
    all.push(JSON.parse(readFileSync(results, 'utf8')) as number[]);
    rmSync(results, { force: true });
  }
  return all;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const stats = (values: readonly number[]) => [
  fmt(median(values)),
  fmt(Math.min(...values)),
  fmt(Math.max(...values)),
];

async function promptTimes(): Promise<void> {
  const runs = 5;
  const cold = await hookTimes(runs, 10, 0);
  const warm = await hookTimes(runs, 1, 500);
  printTable(
    `hook() → prompt, measured by hookline itself (${runs} processes each)`,
    ['case', 'median', 'min', 'max', 'goal'],
    [
      [
        'first hook(), 0.5 s after the import (worker started in the background)',
        ...stats(warm.map((times) => times[0] ?? Number.NaN)),
        '≤ 150 ms',
      ],
      [
        'first hook(), right after the import (worker starts in the hook)',
        ...stats(cold.map((times) => times[0] ?? Number.NaN)),
        '≤ 150 ms',
      ],
      [
        'later hook() in the same process',
        ...stats(cold.flatMap((times) => times.slice(1))),
        '≤ 10 ms',
      ],
    ],
  );

  // The same pause reached another way, seen from outside: start a process, poll the screen.
  const hookStart: number[] = [];
  const inspectStart: number[] = [];
  const plainStart: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    hookStart.push(
      await startToScreen(
        [process.execPath, join(sources, 'prompt-timing.mjs')],
        /Hooked at [^\n]*[\s\S]*\n> ?\s*$/,
        (t) => t.press('C-d'),
      ),
    );
    inspectStart.push(
      await startToScreen(
        [process.execPath, 'inspect', join(sources, 'inspect-peer.mjs')],
        /[Bb]reak on start in [^\n]*inspect-peer\.mjs:\d+[\s\S]*debug> ?\s*$/,
        () => {},
      ),
    );
    plainStart.push(
      await startToScreen([process.execPath, '-e', 'console.log("ready")'], /^ready$/m, () => {}),
    );
  }
  printTable(
    'start of a process → prompt paused in it, polled from outside through tmux (median of 3)',
    ['case', 'median'],
    [
      ['node app.js with hook() (hookline)', fmt(median(hookStart))],
      [
        "node inspect app.js, paused at its first line (Node's CLI debugger)",
        fmt(median(inspectStart)),
      ],
      ['node -e \'console.log("ready")\' (start-up alone, for scale)', fmt(median(plainStart))],
    ],
  );
}

await disabledHook();
await promptTimes();
