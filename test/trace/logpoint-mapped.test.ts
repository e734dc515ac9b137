import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { repoRoot, runNode } from '../helpers/run-node.js';

// A logpoint's line is the line of the file as written, where the code Node runs was compiled
// from it with a source map: tsx's TypeScript, and a .js compiled ahead with its .map.

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
const fixtures = 'test/fixtures/trace/mapped';

/** The 1-based line of `file` (relative to the repository) that holds `marker`. */
function lineOf(file: string, marker: string): number {
  return (
    readFileSync(join(repoRoot, file), 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(marker)) + 1
  );
}

/** hookline/trace as a program outside the repository imports it. */
const traceUrl = pathToFileURL(join(repoRoot, 'dist', 'trace', 'index.js')).href;

/** Runs `body` with a new folder under the temp folder, removed after. */
function inTempFolder(prefix: string, body: (folder: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  try {
    body(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** `hookline run`'s JSON lines, as [type, location, value or why]. */
function events(stderr: string): unknown[][] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .map(({ type, location, value, why }) => [type, location, why ?? value]);
}

/** Logpoints on cart's lines: an item's quantity, the sum returned, and a line never reached. */
function logpoints(cart: string): string[] {
  return [
    `--logpoint=${cart}:${lineOf(cart, '<add-item>')}:item.qty`,
    `--logpoint=${cart}:${lineOf(cart, '<return-sum>')}:sum`,
    `--logpoint=${cart}:${lineOf(cart, '<never-ran>')}:cart`,
  ];
}

function expected(cart: string, quantities: number[], sums: number[]): unknown[][] {
  const addItem = `${cart}:${lineOf(cart, '<add-item>')}`;
  const returnSum = `${cart}:${lineOf(cart, '<return-sum>')}`;
  const neverRan = lineOf(cart, '<never-ran>');
  return [
    ...quantities.map((qty) => ['logpoint', addItem, qty]),
    ...sums.map((sum) => ['logpoint', returnSum, sum]),
    ['unmatched', `${cart}:${neverRan}`, `line ${neverRan} of ${cart} never ran`],
  ];
}

/** Orders the logged lines as `expected` lists them: by location, then as they came. */
function byLocation(lines: unknown[][]): unknown[][] {
  const order = (line: unknown[]) => (line[0] === 'unmatched' ? 2 : 0);
  return lines
    .map((line, at) => ({ line, at }))
    .sort(
      (a, b) =>
        order(a.line) - order(b.line) ||
        String(a.line[1]).localeCompare(String(b.line[1]), 'en', { numeric: true }) ||
        a.at - b.at,
    )
    .map(({ line }) => line);
}

test('under tsx, a logpoint on a line of a TypeScript ES module logs there: the line as written, not the line of the code tsx compiled', () => {
  const cart = `${fixtures}/cart.mts`;
  const result = runNode([cli, 'run', '--import=tsx', ...logpoints(cart), cart]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'total: 10\n');
  assert.deepEqual(byLocation(events(result.stderr)), expected(cart, [3, 4], [10]));
});

test('under tsx, the same in a TypeScript CommonJS module, required by another', {
  skip:
    Number(process.versions.node.split('.')[0]) < 24
      ? 'on Node 20, what an ES module loader (tsx) gives as CommonJS is compiled without Module.prototype._compile: its lines are those of the code compiled (docs/trace.md)'
      : false,
}, () => {
  const cart = `${fixtures}/cart.cts`;
  const result = runNode([cli, 'run', '--import=tsx', ...logpoints(cart), `${fixtures}/main.cts`]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'total: 10\nagain: 5\n');
  assert.deepEqual(byLocation(events(result.stderr)), expected(cart, [3, 4, 1], [10, 5]));
});

test('compiled ahead with a .map, to CommonJS or to an ES module: a logpoint on the source line logs in the compiled file, with source maps on or off', () => {
  inTempFolder('hookline-mapped-', (folder) => {
    const cart = `${fixtures}/cart.mts`;
    for (const format of ['cjs', 'esm'] as const) {
      const outfile = join(folder, `cart.${format === 'cjs' ? 'cjs' : 'mjs'}`);
      buildSync({
        entryPoints: [join(repoRoot, cart)],
        outfile,
        format,
        sourcemap: true,
        logLevel: 'error',
      });
      for (const flags of [[], ['--enable-source-maps']]) {
        const result = runNode([cli, 'run', ...flags, ...logpoints(cart), outfile]);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(result.stdout, 'total: 10\n');
        assert.deepEqual(
          byLocation(events(result.stderr)),
          expected(cart, [3, 4], [10]),
          `${relative(folder, outfile)} ${flags.join(' ')}`,
        );
      }
    }
  });
});

test('a logpoint set after a bundle with its map written into it loaded goes where the line of its source went in the bundle', () => {
  inTempFolder('hookline-bundle-', (folder) => {
    const cart = join(repoRoot, fixtures, 'cart.mts');
    writeFileSync(join(folder, 'entry.mts'), `export { total } from ${JSON.stringify(cart)};\n`);
    for (const format of ['cjs', 'esm'] as const) {
      const bundle = join(folder, `bundle.${format === 'cjs' ? 'cjs' : 'mjs'}`);
      buildSync({
        entryPoints: [join(folder, 'entry.mts')],
        outfile: bundle,
        bundle: true,
        format,
        sourcemap: 'inline',
        logLevel: 'error',
      });
      const program = join(folder, `program-${format}.mjs`);
      writeFileSync(
        program,
        [
          `import { createRequire } from 'node:module';`,
          `import { logpoint } from ${JSON.stringify(traceUrl)};`,
          `const { total } = ${format === 'cjs' ? `createRequire(import.meta.url)(${JSON.stringify(bundle)})` : `await import(${JSON.stringify(pathToFileURL(bundle).href)})`};`,
          'const seen = [];',
          `logpoint(${JSON.stringify(`${cart}:${lineOf(`${fixtures}/cart.mts`, '<return-sum>')}`)}, 'sum', { log: (value) => seen.push(value) });`,
          'total({ items: [{ price: 3, qty: 3 }] });',
          'console.log(JSON.stringify(seen));',
        ].join('\n'),
      );
      const result = runNode([program]);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, 'total: 10\n[9]\n', format);
    }
  });
});

test('logpoints on a line of the source and on the line of the compiled file it went to both log, whichever was set first', () => {
  // Both land on one place of the compiled script, where V8 holds one breakpoint of a session.
  inTempFolder('hookline-same-place-', (folder) => {
    const cart = join(repoRoot, fixtures, 'cart.mts');
    const compiled = join(folder, 'cart.mjs');
    buildSync({
      entryPoints: [cart],
      outfile: compiled,
      format: 'esm',
      sourcemap: true,
      logLevel: 'error',
    });
    const sourceLine = `${cart}:${lineOf(`${fixtures}/cart.mts`, 'export function total')}`;
    const compiledLine = `${compiled}:${
      readFileSync(compiled, 'utf8')
        .split('\n')
        .findIndex((line) => line.startsWith('function total')) + 1
    }`;
    const program = join(folder, 'program.mjs');
    writeFileSync(
      program,
      [
        `import { logpoint } from ${JSON.stringify(traceUrl)};`,
        `const load = () => import(${JSON.stringify(pathToFileURL(compiled).href)});`,
        'const seen = [];',
        'const [first, second, when] = process.argv.slice(2);',
        'let total;',
        `if (when === 'loaded') ({ total } = await load());`,
        `const undoFirst = logpoint(first, 'cart.items.length', { log: (value) => seen.push(['first', value]) });`,
        `logpoint(second, 'cart.items.length * 10', { log: (value) => seen.push(['second', value]) });`,
        `if (when === 'loaded') total({ items: [{ price: 1, qty: 1 }] });`,
        'else ({ total } = await load());',
        'total({ items: [{ price: 1, qty: 1 }, { price: 2, qty: 2 }] });',
        'console.log(JSON.stringify(seen));',
        'undoFirst();',
        'seen.length = 0;',
        'total({ items: [{ price: 1, qty: 1 }] });',
        'console.log(JSON.stringify(seen));',
      ].join('\n'),
    );
    // Last, with the first undone, the second alone logs.
    const expected = {
      // Set once the module has run: then called once with one item, once with two.
      loaded: 'total: 10\n[["first",1],["second",10],["first",2],["second",20]]\n[["second",10]]\n',
      // Set before it loads: its own call (two items) at load, then the two-item call.
      'not loaded':
        'total: 10\n[["first",2],["second",20],["first",2],["second",20]]\n[["second",10]]\n',
    };
    for (const when of ['loaded', 'not loaded'] as const) {
      for (const order of [
        [sourceLine, compiledLine],
        [compiledLine, sourceLine],
      ]) {
        const result = runNode([program, ...order, when]);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(result.stdout, expected[when], `${order.join(' then ')}, ${when}`);
      }
    }
  });
});

test('a logpoint set after tsx compiled and ran the module goes where its line went', () => {
  const result = runNode(['--import', 'tsx', `${fixtures}/late.mts`]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'total: 10\n[9]\n');
});
