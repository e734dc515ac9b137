import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeBinary, repoRoot } from '../helpers/run-node.js';
import { Terminal } from '../helpers/terminal.js';

// What a hook leaves behind: the entered/resumed log lines, the prompt's history across
// hooks, and colours on a colour terminal.

const plainHook = join(repoRoot, 'test', 'fixtures', 'debug', 'plain-hook.mjs');

test("entering and resuming are logged with the caller's file, line and function (NODE_DEBUG=hookline)", async () => {
  using terminal = Terminal.start([nodeBinary, plainHook], { env: { NODE_DEBUG: 'hookline' } });
  await terminal.waitFor('\n> ');
  terminal.press('C-d');
  const screen = await terminal.waitFor(/hook resumed at [^\n]*plain-hook\.mjs:6/);
  assert.match(screen, /HOOKLINE \d+: hook entered at .*plain-hook\.mjs:6 in <module>\n/);
  assert.match(
    screen,
    /HOOKLINE \d+: hook resumed at .*plain-hook\.mjs:6 in <module> \(prompt shown after [\d.]+ ms\)\n/,
  );
});

test('history: a line typed at one hook comes back with Up at the next', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'hookline-history-'));
  try {
    using terminal = Terminal.start([nodeBinary, plainHook], {
      env: { HOOKLINE_REPL_HISTORY: join(folder, 'history') },
    });
    await terminal.waitFor('\n> ');
    assert.equal(await terminal.run('value + 100'), '101');
    terminal.press('C-d');
    await terminal.waitFor(/plain-hook\.mjs:7 - Ctrl\+D/);
    terminal.press('Up');
    await terminal.waitFor(/plain-hook\.mjs:7[\s\S]*> value \+ 100/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('values are coloured as util.inspect colours them on a colour terminal, and not with NO_COLOR', async () => {
  {
    using terminal = Terminal.start([nodeBinary, plainHook], { env: { TERM: 'xterm-256color' } });
    await terminal.waitFor('\n> ');
    await terminal.run("[value, 'text']");
    const esc = '\u001b';
    assert.ok(
      terminal
        .screen({ escapes: true })
        .includes(`[ ${esc}[33m1${esc}[39m, ${esc}[32m'text'${esc}[39m ]`),
      'a number in yellow, a string in green',
    );
  }
  using plain = Terminal.start([nodeBinary, plainHook], {
    env: { TERM: 'xterm-256color', NO_COLOR: '1' },
  });
  await plain.waitFor('\n> ');
  await plain.run("[value, 'text']");
  assert.match(plain.screen({ escapes: true }), /\[ 1, 'text' \]/);
});
