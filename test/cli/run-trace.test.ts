import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

// `hookline run --trace / --logpoint / --trace-out app.js`: a program traced without a change
// to its code, one JSON line per event.

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
const fixtures = 'test/fixtures/cli';

interface TraceEvent {
  readonly type: string;
  readonly module?: string;
  readonly name?: string;
  readonly args?: any[];
  readonly value?: unknown;
  readonly ms?: number;
  readonly error?: string;
  readonly location?: string;
  readonly expression?: string;
  readonly time?: number;
  readonly why?: string;
  readonly glob?: string;
}

/** The JSON lines of `text` (other lines, the program's own, are left out). */
function events(text: string): TraceEvent[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as TraceEvent);
}

test('--trace node:fs:readFileSync on a CommonJS program: a call, a return and a throw line', () => {
  const result = runNode([
    cli,
    'run',
    '--trace',
    'node:fs:readFileSync',
    `${fixtures}/trace-read.cjs`,
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'items: 3\nmissing\n');
  const lines = events(result.stderr);
  const call = lines.find(
    (e) => e.type === 'call' && String(e.args?.[0]).endsWith('trace-data.txt'),
  );
  assert.ok(call, result.stderr);
  assert.equal(call.module, 'node:fs');
  assert.equal(call.name, 'readFileSync');
  assert.equal(call.args?.[1], 'utf8');
  assert.equal(typeof call.time, 'number');
  const returned = lines.find((e) => e.type === 'return' && e.value === 'apple\npear\nplum\n');
  assert.ok(returned, result.stderr);
  assert.equal(returned.name, 'readFileSync');
  assert.equal(typeof returned.ms, 'number');
  const thrown = lines.find((e) => e.type === 'throw');
  assert.match(thrown?.error ?? '', /ENOENT.*missing-trace-data\.txt/);
});

test('--trace and --logpoint show undefined as [undefined], apart from null: an argument, a return value, a logpoint value', () => {
  const result = runNode([
    cli,
    'run',
    '--trace',
    `./${fixtures}/trace-undefined-lib.cjs:nothing`,
    '--logpoint',
    `${fixtures}/trace-undefined-lib.cjs:3:first`,
    `${fixtures}/trace-undefined.cjs`,
  ]);
  assert.equal(result.status, 0, result.stderr);
  const lines = events(result.stderr);
  assert.deepEqual(
    lines.find((e) => e.type === 'call')?.args,
    ['[undefined]', null],
    result.stderr,
  );
  assert.equal(lines.find((e) => e.type === 'return')?.value, '[undefined]', result.stderr);
  assert.equal(lines.find((e) => e.type === 'logpoint')?.value, '[undefined]', result.stderr);
});

test("--trace with a dotted prefix on a package: an object's method, and a class's through its prototype", () => {
  const result = runNode([
    cli,
    'run',
    '--trace',
    'trace-shop:shop.open',
    '--trace',
    'trace-shop:Basket.prototype.*',
    `${fixtures}/trace-shop.cjs`,
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'open on monday\nitems: 2\nclosed\n');
  assert.deepEqual(
    events(result.stderr).map(({ type, name, args, value }) => [type, name, args ?? value]),
    [
      ['call', 'open', ['monday']],
      ['return', 'open', 'open on monday'],
      ['call', 'add', ['pear']],
      ['return', 'add', 1],
      ['call', 'add', ['plum']],
      ['return', 'add', 2],
    ],
  );
});

test('a --trace that traced nothing says why as the program ends: a glob that matched no function, a module never loaded', () => {
  const result = runNode([
    cli,
    'run',
    '--trace',
    'node:fs:nosuch*',
    '--trace',
    'never-loaded-package:*',
    '--trace',
    'node:fs:readFileSync',
    `${fixtures}/trace-read.cjs`,
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(
    events(result.stderr)
      .filter((e) => e.type === 'unmatched')
      .map(({ module, why }) => [module, why]),
    [
      ['node:fs', 'no function of node:fs matched nosuch*'],
      ['never-loaded-package', 'never-loaded-package never loaded'],
    ],
  );
});

test('a --trace whose dotted prefix names no object says so once, in its error line; one whose object has no match names the object', () => {
  const result = runNode([
    cli,
    'run',
    '--trace',
    'trace-shop:nope.*',
    '--trace',
    'trace-shop:shop.zz*',
    '--trace',
    'trace-shop:shop.open',
    `${fixtures}/trace-shop.cjs`,
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(
    events(result.stderr)
      .filter((e) => e.type === 'error' || e.type === 'unmatched')
      .map(({ type, module, glob, error, why }) => [type, module, glob, error ?? why]),
    [
      ['error', 'trace-shop', 'nope.*', 'no object nope in its exports'],
      ['unmatched', 'trace-shop', 'shop.zz*', 'no function of shop in trace-shop matched zz*'],
    ],
  );
});

test('a --trace of the entry module that throws at its top level says it threw while loading, not that it never loaded', () => {
  for (const file of ['trace-throws.cjs', 'trace-throws.mjs']) {
    const result = runNode([
      cli,
      'run',
      '--trace',
      `./${fixtures}/${file}:*`,
      `${fixtures}/${file}`,
    ]);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, 'double: 4\n');
    assert.match(result.stderr, /Error: no config/);
    assert.deepEqual(
      events(result.stderr).map(({ type, module, why }) => [type, module, why]),
      [
        [
          'unmatched',
          `./${fixtures}/${file}`,
          `./${fixtures}/${file} threw while loading, before its functions could be traced`,
        ],
      ],
    );
  }
});

test('a --trace of a library whose top level throws as the program loads it says it threw while loading; one the program never loaded, that it never loaded', () => {
  const library = `./${fixtures}/trace-throws-lib.cjs`;
  const other = `./${fixtures}/trace-read.cjs`;
  const result = runNode([
    cli,
    'run',
    '--trace',
    `${library}:*`,
    '--trace',
    `${other}:*`,
    `${fixtures}/trace-throws-app.cjs`,
  ]);
  assert.equal(result.status, 1, result.stderr);
  assert.equal(result.stdout, 'starting\n');
  assert.match(result.stderr, /Error: the library fails as it loads/);
  assert.deepEqual(
    events(result.stderr).map(({ type, why }) => [type, why]),
    [
      ['unmatched', `${library} threw while loading, before its functions could be traced`],
      ['unmatched', `${other} never loaded`],
    ],
  );
});

test('a --trace of the entry module that exits at its top level says the program ended while it was loading', () => {
  const module = `./${fixtures}/trace-exits.cjs`;
  const result = runNode([cli, 'run', '--trace', `${module}:*`, `${fixtures}/trace-exits.cjs`]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'done\n');
  assert.deepEqual(
    events(result.stderr).map(({ type, why }) => [type, why]),
    [
      [
        'unmatched',
        `the program ended while ${module} was still loading, before its functions could be traced`,
      ],
    ],
  );
});

test("--trace by path on an ES module: its function exports, the program's imports following", () => {
  const result = runNode([
    cli,
    'run',
    '--trace',
    `./${fixtures}/trace-cart-lib.mjs:*`,
    `${fixtures}/trace-cart.mjs`,
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'total: 7\n');
  const lines = events(result.stderr).map(({ type, name, args, value }) => ({
    type,
    name,
    args,
    value,
  }));
  assert.deepEqual(lines, [
    { type: 'call', name: 'addItem', args: [[], { name: 'pear', price: 3 }], value: undefined },
    { type: 'return', name: 'addItem', args: undefined, value: 1 },
    {
      type: 'call',
      name: 'addItem',
      args: [['[Object]'], { name: 'plum', price: 4 }],
      value: undefined,
    },
    { type: 'return', name: 'addItem', args: undefined, value: 2 },
    { type: 'call', name: 'total', args: [['[Object]', '[Object]']], value: undefined },
    { type: 'return', name: 'total', args: undefined, value: 7 },
  ]);
});

test('--logpoint logs the value at the line, and --trace-out appends to a file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'hookline-trace-'));
  try {
    const out = join(folder, 'trace.jsonl');
    const args = [
      cli,
      'run',
      '--logpoint',
      `${fixtures}/trace-read.cjs:7:cart.items.length`,
      `--trace-out=${out}`,
      `${fixtures}/trace-read.cjs`,
    ];
    const first = runNode(args);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stderr, '');
    assert.equal(runNode(args).status, 0);
    const lines = events(readFileSync(out, 'utf8'));
    assert.equal(lines.length, 2);
    for (const line of lines) {
      assert.equal(line.type, 'logpoint');
      assert.equal(line.location, `${fixtures}/trace-read.cjs:7`);
      assert.equal(line.expression, 'cart.items.length');
      assert.equal(line.value, 3);
      assert.equal(typeof line.time, 'number');
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a --logpoint that was never reached says why as the program ends: a file never loaded, a line never ran', () => {
  const lib = `${fixtures}/trace-cart-lib.mjs`;
  const result = runNode([
    cli,
    'run',
    '--logpoint',
    `${fixtures}/trace-read.cjs:7:cart`,
    '--logpoint',
    `${lib}:12:cart.length`,
    '--logpoint',
    `${lib}:7:cart.length`,
    '--logpoint',
    `${lib}:2:item.size.value`,
    `${fixtures}/trace-cart.mjs`,
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'total: 7\n');
  // The line reached whose expression threw is reported by a warning, and is not unmatched.
  assert.match(result.stderr, /HooklineWarning: the expression of the logpoint at .*:2 threw/);
  assert.deepEqual(
    events(result.stderr).map(({ type, location, value, why }) => [type, location, why ?? value]),
    [
      ['logpoint', `${lib}:7`, 2],
      ['unmatched', `${fixtures}/trace-read.cjs:7`, `${fixtures}/trace-read.cjs never loaded`],
      ['unmatched', `${lib}:12`, `line 12 of ${lib} never ran`],
    ],
  );
});

test("a program that takes every 'exit' listener away still gets the never-reached --logpoint lines as it ends, and nothing else on stderr", () => {
  const lib = `${fixtures}/trace-cart-lib.mjs`;
  const result = runNode([
    cli,
    'run',
    '--logpoint',
    `${lib}:12:cart.length`,
    '--logpoint',
    `${lib}:7:cart.length`,
    `${fixtures}/trace-cart-no-exit-listeners.mjs`,
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'total: 7\n');
  assert.deepEqual(
    result.stderr
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const { type, location, value, why } = JSON.parse(line) as TraceEvent;
        return [type, location, why ?? value];
      }),
    [
      ['logpoint', `${lib}:7`, 2],
      ['unmatched', `${lib}:12`, `line 12 of ${lib} never ran`],
    ],
  );
});

test('bad --trace and --logpoint values are usage errors, exit 2, before the program runs', () => {
  const cases: [string, string, RegExp][] = [
    ['--trace', 'node-fs', /--trace "node-fs": expected <module>:<glob>/],
    ['--trace', 'node:fs:', /--trace "node:fs:": expected <module>:<glob>/],
    ['--logpoint', 'app.js:42', /--logpoint "app.js:42": expected <file>:<line>:<expression>/],
    ['--logpoint', 'app.js:0:x', /--logpoint "app.js:0:x": expected .*positive integer/],
    ['--logpoint', 'app.js:4.5:x', /--logpoint "app.js:4.5:x": expected/],
    ['--logpoint', 'app.js:3:a +', /--logpoint "app.js:3:a \+": the expression does not parse/],
    [
      '--logpoint',
      'app.js:3:sum), (items',
      /--logpoint "app.js:3:sum\), \(items": the expression does not parse as one expression/,
    ],
    [
      '--logpoint',
      'app.js:3:await total',
      /--logpoint "app.js:3:await total": the expression uses await/,
    ],
  ];
  for (const [flag, value, message] of cases) {
    const result = runNode([cli, 'run', flag, value, `${fixtures}/trace-read.cjs`]);
    assert.equal(result.status, 2, `${flag} ${value}`);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '');
  }
});
