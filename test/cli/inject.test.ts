import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli, startTarget, type Watched, watched } from '../helpers/live-target.js';
import { nodeBinary, repoRoot, runNode } from '../helpers/run-node.js';
import { Terminal } from '../helpers/terminal.js';

const linux = process.platform === 'linux';

/** The port of the inspector an injection ran through, as the process itself told it. */
function inspectorPort(pid: number): string {
  const result = inject(String(pid), '-e', "process.getBuiltinModule('node:inspector').url()");
  const port = /^'ws:\/\/127\.0\.0\.1:(\d+)\//.exec(result.stdout)?.[1];
  assert.ok(port, result.stdout + result.stderr);
  return port;
}

function inject(...args: string[]) {
  return runNode([cli, 'inject', ...args]);
}

/** Whether the process is still running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * How to run a process that makes itself non-dumpable (perl's prctl), which hides its executable
 * from a user without CAP_SYS_PTRACE: as root, target and hookline run as nobody.
 */
const nonDumpable = ((): { runs: boolean; why: string; asUser: readonly string[] } => {
  const asUser =
    process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const probe = spawnSync(asUser[0] ?? 'perl', [
    ...asUser.slice(1),
    'perl',
    '-e',
    'require "sys/syscall.ph"',
  ]);
  return probe.status === 0
    ? { runs: true, why: '', asUser }
    : {
        runs: false,
        why: `needs perl with sys/syscall.ph${asUser.length ? ' and setpriv' : ''}`,
        asUser,
      };
})();

describe('hookline inject', {
  skip: linux ? false : 'the target checks read /proc (Linux)',
}, () => {
  let target: Watched;
  before(async () => {
    target = await startTarget(['--inspect-port=0']);
  });
  after(() => {
    target.child.kill('SIGKILL');
  });

  test("runs code inside the process and prints its value as the REPL would: the last expression's, awaited; what it changes stays changed", () => {
    const sum = inject(String(target.pid), '-e', 'counter + 1');
    assert.equal(sum.stderr, '');
    assert.equal(sum.stdout, '42\n');
    assert.equal(sum.status, 0);
    const object = inject(
      String(target.pid),
      '-e',
      '({ list: [1, 2], later: await Promise.resolve("five") })',
    );
    assert.equal(object.stdout, "{ list: [ 1, 2 ], later: 'five' }\n");
    assert.equal(inject(String(target.pid), '-e', 'counter = 100').stdout, '100\n');
    assert.equal(inject(String(target.pid), '-e', 'counter').stdout, '100\n');
  });

  test('the inspector SIGUSR1 opened is closed again once the code has run', async () => {
    const port = inspectorPort(target.pid);
    await assert.rejects(
      fetch(`http://127.0.0.1:${port}/json/list`),
      'nothing listens there any more',
    );
  });

  test('code from a file runs the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookline-inject-'));
    try {
      const file = join(dir, 'probe.js');
      writeFileSync(file, 'const doubled = counter * 2;\ndoubled;\n');
      const result = inject(String(target.pid), file);
      assert.equal(result.stdout, '200\n');
      assert.equal(result.status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an error the code throws is printed on stderr with exit code 1, and the process goes on', () => {
    const result = inject(String(target.pid), '-e', 'throw new Error("boom")');
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^Error: boom\n/);
    assert.ok(alive(target.pid));
  });

  test('a promise left as the last value is awaited: its value is printed, its rejection is the error, and the process, which had no handler for it, goes on', () => {
    const resolved = inject(String(target.pid), '-e', 'Promise.resolve(counter + 1)');
    assert.equal(resolved.stdout, '101\n', resolved.stderr);
    const rejected = inject(String(target.pid), '-e', 'Promise.reject(new Error("refused"))');
    assert.equal(rejected.status, 1);
    assert.equal(rejected.stdout, '');
    assert.match(rejected.stderr, /^Error: refused\n/);
    const after = inject(String(target.pid), '-e', 'counter');
    assert.equal(after.stdout, '100\n', after.stderr);
    assert.ok(alive(target.pid));
  });
  test("a value thrown that is not an error is shown after Uncaught, as Node's REPL shows it", () => {
    for (const [code, shown] of [
      ['throw "disk full"', "Uncaught 'disk full'\n"],
      ['throw null', 'Uncaught null\n'],
      ['throw { code: 42 }', 'Uncaught { code: 42 }\n'],
      ['Promise.reject(undefined)', 'Uncaught undefined\n'],
    ]) {
      const result = inject(String(target.pid), '-e', code ?? '');
      assert.equal(result.stderr, shown, code);
      assert.equal(result.stdout, '');
      assert.equal(result.status, 1);
    }
  });

  test('an error is shown with what util.inspect shows of it: its cause and own properties too', () => {
    const result = inject(
      String(target.pid),
      '-e',
      'throw Object.assign(new Error("outer", { cause: new Error("inner") }), { code: "E_OUTER" })',
    );
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^Error: outer\n {4}at /);
    assert.match(result.stderr, /\[cause\]: Error: inner\n/);
    assert.match(result.stderr, /code: 'E_OUTER'/);
  });

  test('a value that cannot be shown (its custom inspect method throws) is an error, exit code 1', () => {
    const result = inject(
      String(target.pid),
      '-e',
      '({ [Symbol.for("nodejs.util.inspect.custom")]() { throw new Error("no view") } })',
    );
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^The value cannot be shown: util\.inspect threw Error: no view\n/);
    assert.equal(result.status, 1);
  });

  test('require() and import(), which the global scope has not, fail with how to load a module there', () => {
    for (const code of ["require('node:path').sep", "(await import('node:path')).sep"]) {
      const result = inject(String(target.pid), '-e', code);
      assert.equal(result.status, 1, code);
      assert.match(
        result.stderr,
        /\nCode injected runs in the process's global scope, which has no require\(\) and no import\(\):\n {2}Node's modules: {2}process\.getBuiltinModule\('node:fs'\)\n {2}a package: .*createRequire/,
      );
    }
    const way = inject(String(target.pid), '-e', "process.getBuiltinModule('node:path').sep");
    assert.equal(way.stdout, "'/'\n");
  });

  test('--timeout: code that gives no answer in time is left, exit code 1, and the inspector closed', async () => {
    const result = inject(String(target.pid), '--timeout', '0.2', '-e', 'new Promise(() => {})');
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      'hookline inject: the code gave no answer within 0.2 s (--timeout): what it awaits may still run in the process.\n',
    );
    assert.equal(result.status, 1);
    const port = inspectorPort(target.pid);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/json/list`));
    assert.equal(inject(String(target.pid), '--timeout=5', '-e', 'counter').stdout, '100\n');
  });
});

describe('hookline attach <pid>', {
  skip: linux ? false : 'the target checks read /proc (Linux)',
}, () => {
  test('from a pipe: each line runs in the process in turn, a block waits for the lines that close it, errors go to stderr, and the end of the input detaches and closes the inspector', async () => {
    const target = await startTarget(['--inspect-port=0']);
    try {
      const input = [
        'counter + 1',
        'const x = 5',
        'x * 2',
        'function f() {',
        '  return 7;',
        '}',
        'f()',
        'throw new Error("no")',
        'await Promise.resolve("later")',
        '',
      ].join('\n');
      const result = runNode([cli, 'attach', String(target.pid)], { input });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(
        result.stdout,
        ['42', 'undefined', '10', 'undefined', '7', "'later'", ''].join('\n'),
      );
      assert.match(
        result.stderr,
        /^Attached to process \d+: each line runs in it\. .*\nError: no\n {4}at /,
      );
      const port = inspectorPort(target.pid);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/json/list`));
    } finally {
      target.child.kill('SIGKILL');
    }
  });

  test('from a pipe: a .exit line detaches; the lines after it are not run', async () => {
    const target = await startTarget(['--inspect-port=0']);
    try {
      const result = runNode([cli, 'attach', String(target.pid)], {
        input: 'counter + 1\n.exit\ncounter = 0\n',
      });
      assert.equal(result.stdout, '42\n');
      assert.doesNotMatch(result.stderr, /SyntaxError/);
      assert.equal(result.status, 0);
      assert.equal(inject(String(target.pid), '-e', 'counter').stdout, '41\n');
    } finally {
      target.child.kill('SIGKILL');
    }
  });

  test("from a terminal: a prompt with completion from the process's globals; .exit detaches", async () => {
    const target = await startTarget(['--inspect-port=0']);
    try {
      using terminal = Terminal.start([nodeBinary, cli, 'attach', String(target.pid)]);
      const prompt = `\n${target.pid}> `;
      await terminal.waitFor(prompt);
      terminal.type('coun');
      terminal.press('Tab');
      await terminal.waitFor(`${target.pid}> counter`);
      assert.equal(await terminal.run(' * 2', prompt), '82');
      terminal.line('.exit');
      assert.equal(await terminal.exitCode(), 0);
    } finally {
      target.child.kill('SIGKILL');
    }
  });
});

describe('hookline inject into a process whose inspector is open already', {
  skip: linux ? false : 'Linux only',
}, () => {
  test('uses it, and leaves it open', async () => {
    const target = await startTarget(['--inspect=127.0.0.1:0']);
    try {
      const result = inject(String(target.pid), '-e', 'counter');
      assert.equal(result.stdout, '41\n', result.stderr);
      const port = inspectorPort(target.pid);
      const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as unknown[];
      assert.ok(list.length > 0);
    } finally {
      target.child.kill('SIGKILL');
    }
  });
});

describe('hookline inject into a process whose node executable was deleted since it started', {
  skip: linux ? false : 'Linux only',
}, () => {
  test('runs the code: an upgrade that replaced the binary leaves a node process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookline-inject-'));
    const node = join(dir, 'node');
    try {
      linkSync(nodeBinary, node);
    } catch {
      copyFileSync(nodeBinary, node);
    }
    let target: Watched | undefined;
    try {
      target = await startTarget(['--inspect-port=0'], node);
      unlinkSync(node);
      const result = inject(String(target.pid), '-e', 'counter');
      assert.equal(result.stderr, '');
      assert.equal(result.stdout, '41\n');
    } finally {
      target?.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hookline inject refuses', () => {
  test('a process that does not exist', () => {
    const result = inject('999999999', '-e', '1');
    assert.equal(result.status, 1);
    assert.equal(result.stderr, 'hookline inject: no process 999999999 is running.\n');
  });

  test('a process that is not node, which SIGUSR1 would end, and leaves it running', {
    skip: linux ? false : 'reads /proc',
  }, async () => {
    const other = spawn('sleep', ['60']);
    try {
      await new Promise((resolve) => other.once('spawn', resolve));
      const result = inject(String(other.pid), '-e', '1');
      assert.equal(result.status, 1);
      assert.match(
        result.stderr,
        /runs sleep, not node: SIGUSR1, which opens a Node\.js program's inspector, would end it/,
      );
      assert.ok(alive(other.pid ?? 0));
    } finally {
      other.kill('SIGKILL');
    }
  });

  test('a process that is not node whose executable it cannot read (one made non-dumpable), by its command line, and leaves it running', {
    skip: linux && nonDumpable.runs ? false : nonDumpable.why,
  }, async () => {
    const other = spawn(nonDumpable.asUser[0] ?? 'perl', [
      ...nonDumpable.asUser.slice(1),
      'perl',
      '-e',
      'require "sys/syscall.ph"; syscall(&SYS_prctl, 4, 0, 0, 0, 0); $| = 1; print "ready\\n"; sleep 60',
    ]);
    try {
      await new Promise((resolve) => other.stdout.once('data', resolve));
      const pid = other.pid ?? 0;
      const result = spawnSync(
        nonDumpable.asUser[0] ?? nodeBinary,
        [...nonDumpable.asUser.slice(1), nodeBinary, cli, 'inject', String(pid), '-e', '1'],
        { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: '', NODE_OPTIONS: '' } },
      );
      assert.equal(result.status, 1, result.stderr);
      assert.match(
        result.stderr,
        /^hookline inject: process \d+ runs perl, not node, as its command line says \(its executable/,
      );
      assert.ok(alive(pid));
    } finally {
      other.kill('SIGKILL');
    }
  });

  test('a process that handles SIGUSR1 itself, which then opens no inspector: the handler is named among the causes', {
    skip: linux ? false : 'reads /proc',
  }, async () => {
    const program = watched([join(repoRoot, 'test', 'fixtures', 'cli', 'handles-sigusr1.mjs')]);
    try {
      await program.printed(/ready\n/);
      const result = inject(String(program.pid), '-e', '1');
      assert.equal(result.status, 1);
      assert.match(
        result.stderr,
        /^hookline inject: process \d+ opened no inspector within 5 s of SIGUSR1: the program may handle SIGUSR1 itself \(a process\.on\('SIGUSR1'\) listener takes the signal from Node's inspector, and ran now\), run with --disable-sigusr1/,
      );
      await program.printed(/handled SIGUSR1\n/);
    } finally {
      program.child.kill('SIGKILL');
    }
  });

  test('arguments it cannot use, with exit code 2 and the way to usage', () => {
    for (const [args, message] of [
      [[], /expected a process id and the code to run/],
      [['abc', '-e', '1'], /expected a process id, got "abc"/],
      [['123'], /expected the code to run: a file, or -e <code>/],
      [['123', '-e'], /expected code after -e/],
      [['123', '/nonexistent/code.js'], /cannot read \/nonexistent\/code\.js \(ENOENT\)/],
      [
        ['123', '--timeout', 'soon', '-e', '1'],
        /expected a number of seconds above 0 after --timeout, got "soon"/,
      ],
      [
        ['123', '-e', '1', '--timeout'],
        /expected a number of seconds above 0 after --timeout, got nothing/,
      ],
      [['123', '-e', '1', 'more.js'], /expected one file or -e <code>, got more: more\.js/],
    ] as const) {
      const result = inject(...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Run `hookline inject --help` for usage\.\n$/);
    }
  });
});
