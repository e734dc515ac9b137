import assert from 'node:assert/strict';
import { constants } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeBinary, repoRoot, runNode } from '../helpers/run-node.js';
import { runWithoutTerminal, Terminal } from '../helpers/terminal.js';

// `hookline run --hook-on-error app.js`: post-mortem at the frame that threw, and `run`
// itself as a launcher that keeps the program's arguments and exit code.

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
const fixtures = join(repoRoot, 'test', 'fixtures', 'debug');

/** post-mortem.cjs under `hookline run --hook-on-error`, in a terminal. */
function startPostMortem(): Terminal {
  return Terminal.start([
    nodeBinary,
    cli,
    'run',
    '--hook-on-error',
    join(fixtures, 'post-mortem.cjs'),
  ]);
}

test('an uncaught exception opens the prompt at the frame that threw, with its locals', async () => {
  using terminal = startPostMortem();
  const banner = await terminal.waitFor('\n> ');
  assert.match(
    banner,
    /hashing\nUncaught TypeError: Strings must be encoded before hashing\nHooked at .*post-mortem\.cjs:5 - Ctrl\+D to resume \(the exception then ends the program\)/,
  );
  assert.equal(
    await terminal.run('[path, chunk, encoded]'),
    "[ 'notes.txt', 'contents of notes.txt', false ]",
  );
  assert.match(
    await terminal.run('.where'),
    /^\* 0 {2}hashFile \(.*post-mortem\.cjs:5:\d+\)\n {2}1 {2}<anonymous> \(.*post-mortem\.cjs:12:\d+\)/,
  );
  assert.match(await terminal.run('.up'), /^Frame 1: /);
  assert.equal(await terminal.run('path'), "'notes.txt'");
  terminal.press('C-d');
  const screen = await terminal.waitFor(/\[exit \d+\]/);
  assert.match(screen, /TypeError: Strings must be encoded before hashing\n\s+at hashFile/);
  assert.equal(await terminal.exitCode(), 1);
});

for (const fixture of ['top-level-throw.cjs', 'top-level-throw.mjs']) {
  test(`an exception the top level of ${fixture.endsWith('.cjs') ? 'a CommonJS' : 'an ES module'} program throws (which Node's module loader catches and passes on) opens the prompt at the frame that threw; a caught one before it does not`, async () => {
    using terminal = Terminal.start([
      nodeBinary,
      cli,
      'run',
      '--hook-on-error',
      join(fixtures, fixture),
    ]);
    const banner = await terminal.waitFor('\n> ');
    assert.match(
      banner,
      new RegExp(
        `using defaults\\nUncaught Error: no config at app\\.json\\nHooked at .*${fixture.replace('.', '\\.')}:11 - Ctrl\\+D to resume`,
      ),
    );
    assert.equal(await terminal.run('[path, fallback]'), "[ 'app.json', 'defaults' ]");
    assert.match(await terminal.run('.where'), /^\* 0 {2}readConfig \(/);
    terminal.press('C-d');
    const screen = await terminal.waitFor(/\[exit \d+\]/);
    assert.match(screen, /Error: no config at app\.json\n\s+at readConfig/);
    assert.equal(
      screen.match(/Hooked at/g)?.length,
      1,
      'one prompt, not another as Node passes it on',
    );
    assert.equal(await terminal.exitCode(), 1);
  });
}

test('a module whose top level throws, loaded by import() and caught by the program, opens no prompt, and the program goes on', async () => {
  using terminal = Terminal.start([
    nodeBinary,
    cli,
    'run',
    '--hook-on-error',
    join(fixtures, 'import-caught.mjs'),
  ]);
  const screen = await terminal.waitFor(/\[exit \d+\]/);
  assert.match(screen, /using defaults\ncaught no config at app\.json\nwent on\n/);
  assert.doesNotMatch(screen, /Hooked at|hookline:/);
  assert.equal(await terminal.exitCode(), 0);
});

test('an exception thrown after a top-level await opens no prompt (V8 counts it as caught), and post-mortem says why', async () => {
  // On the socket, so that post-mortem is on with no terminal; no prompt comes to serve.
  const result = await runWithoutTerminal(
    nodeBinary,
    [cli, 'run', '--hook-on-error', join(fixtures, 'after-top-level-await.mjs')],
    { env: { HOOKLINE_HOOK: 'socket' } },
  );
  assert.match(
    result.stderr,
    /^hookline: uncaught exceptions will wait on socket \S+\nhookline: no post-mortem prompt for this exception: where it was thrown, something was to catch it \(an await or a promise, as around code after a top-level await, or Node's module loader\), so V8 did not count it as uncaught; the frame that threw is gone\.\n/,
  );
  assert.match(result.stderr, /Error: no config at app\.json/);
  assert.equal(result.status, 1);
});

test('beside onException watching every exception, caught throws are reported and the program goes on, and an uncaught one still opens the prompt, then is reported as it ends the program', async () => {
  using terminal = Terminal.start([
    nodeBinary,
    cli,
    'run',
    '--hook-on-error',
    join(fixtures, 'post-mortem-beside-on-exception.mjs'),
  ]);
  const banner = await terminal.waitFor('\n> ');
  // Reported on the tick after the throw, once the synchronous code is done.
  assert.match(banner, /retries 3\nreported .+ \(caught true\)\n/);
  assert.match(
    banner,
    /Uncaught TypeError: Strings must be encoded before hashing\nHooked at .*post-mortem-beside-on-exception\.mjs:\d+/,
  );
  assert.equal(await terminal.run('[path, encoded]'), "[ 'notes.txt', false ]");
  terminal.press('C-d');
  const screen = await terminal.waitFor(/\[exit \d+\]/);
  assert.match(screen, /reported Strings must be encoded before hashing \(caught false\)/);
  assert.equal(await terminal.exitCode(), 1);
});

test('process.exit(code) confirmed at a post-mortem prompt ends the program with that code', async () => {
  using terminal = startPostMortem();
  await terminal.waitFor('\n> ');
  terminal.line('process.exit(7)');
  await terminal.waitFor('End it? (y/N) ');
  terminal.line('y');
  assert.equal(await terminal.exitCode(), 7);
});

test('with no terminal, --hook-on-error says so once and the program fails as usual', async () => {
  const result = await runWithoutTerminal(nodeBinary, [
    cli,
    'run',
    '--hook-on-error',
    join(fixtures, 'post-mortem.cjs'),
  ]);
  assert.equal(result.stdout, 'hashing\n');
  assert.match(result.stderr, /^hookline: post-mortem prompt is off: no terminal \(ENXIO\)\.\n/);
  assert.match(result.stderr, /TypeError: Strings must be encoded before hashing/);
  assert.equal(result.status, 1);
});

test('run passes the program its arguments and ends with its exit code', async () => {
  const result = await runWithoutTerminal(nodeBinary, [
    cli,
    'run',
    '--hook-on-error',
    join(fixtures, 'no-error.mjs'),
    'a',
    '--b',
  ]);
  assert.equal(result.stdout, 'args a,--b\n');
  assert.equal(result.status, 3);
});

test("a program a signal ends ends run with 128 + that signal's number, as a shell reports it", () => {
  const result = runNode([cli, 'run', '-e', "process.kill(process.pid, 'SIGUSR2')"]);
  assert.equal(result.status, 128 + (constants.signals.SIGUSR2 as number));
});

test('run hands options it does not know to Node', () => {
  const result = runNode([cli, 'run', '--no-warnings', '--', join(fixtures, 'no-error.mjs'), 'x']);
  assert.equal(result.stdout, 'args x\n');
  assert.equal(result.status, 3);
});

test("a --help or -h after the program is the program's; before it, hookline run's help, and nothing runs", () => {
  const program = join(fixtures, 'no-error.mjs');
  for (const args of [
    [program, '--help'],
    ['--hook-on-error', program, '-h', 'x'],
    ['--', program, '--help'],
  ]) {
    const result = runNode([cli, 'run', ...args]);
    assert.equal(result.stdout, `args ${args.slice(args.indexOf(program) + 1).join(',')}\n`);
    assert.equal(result.status, 3);
  }
  for (const args of [
    ['--help', program],
    ['--hook-on-error', '-h', program, 'x'],
    ['--trace', 'no colon', '--help'],
  ]) {
    const result = runNode([cli, 'run', ...args]);
    assert.match(result.stdout, /^Usage: hookline run \[options\]/);
    assert.equal(result.status, 0);
  }
});

test('run without a program is a usage error, exit 2', () => {
  const result = runNode([cli, 'run', '--hook-on-error']);
  assert.equal(
    result.stderr,
    'hookline run: no program to run: hookline run [options] app.js [args]. Run `hookline run --help` for usage.\n',
  );
  assert.equal(result.status, 2);
});

test('hookline run --help lists --hook-on-error, --audit and the trace flags, and hookline --help lists run, inject and attach', () => {
  const help = runNode([cli, 'run', '--help']);
  assert.match(help.stdout, /^Usage: hookline run \[options\]/);
  assert.match(
    help.stdout,
    /\n {2}--hook-on-error +on an uncaught exception, open the hook\(\) REPL/,
  );
  assert.match(help.stdout, /\n {2}--audit <policy\.json> +apply an audit policy/);
  assert.match(help.stdout, /\n {2}--trace <module>:<glob> +trace calls/);
  assert.match(help.stdout, /\n {2}--logpoint <file>:<line>:<expr> +log an expression's value/);
  assert.match(help.stdout, /\n {2}--trace-out <file> +append/);
  const commands = runNode([cli, '--help']).stdout;
  assert.match(commands, /\n {2}run +run a program with hooks attached/);
  assert.match(commands, /\n {2}inject +run code inside a running Node\.js process/);
  assert.match(commands, /\n {2}attach +a prompt inside a running Node\.js process/);
});
