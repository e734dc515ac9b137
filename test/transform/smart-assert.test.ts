import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeStripsTypes, repoRoot, runNode } from '../helpers/run-node.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'transform');

/** Runs a fixture under `node --import hookline/register` with HOOKLINE_TRANSFORM set. */
function runFixture(name: string, transform = 'assert', ...flags: string[]) {
  return runNode([...flags, '--import', 'hookline/register', join(fixtures, name)], {
    env: { HOOKLINE_TRANSFORM: transform },
  });
}

/**
 * Runs a fixture under tsx, registered before hookline as docs/modules.md has a TypeScript loader
 * go: hookline gets what tsx compiled, with tsx's source map.
 */
function runUnderTsx(name: string, ...flags: string[]) {
  return runFixture(name, 'assert', ...flags, '--import', 'tsx');
}

/** The lines of an uncaught AssertionError's message, from its first to the stack. */
function failureLines(stderr: string): string[] {
  const lines = stderr.split('\n');
  const first = lines.findIndex((line) => line.startsWith('AssertionError [ERR_ASSERTION]: '));
  assert.notEqual(first, -1, stderr);
  const end = lines.findIndex((line, at) => at > first && /^ {4}(at|note:) /.test(line));
  return lines.slice(first, end);
}

/** The first `at` line of a stack. */
function firstFrame(stderr: string): string {
  return stderr.split('\n').find((line) => line.startsWith('    at ')) ?? '';
}

test("the seed's smart assert: each sub-expression's value under it, power-assert's diagram", () => {
  const result = runFixture('seed.mjs');
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    '',
    '  assert(3**2 + 4**2 !== 5**2)',
    '          |   |  |   |    |',
    '          |   |  |   |    25',
    '          9   25 16  false',
  ]);
  // The line of the assert in the fixture, without source maps (the lines stay where they were).
  assert.match(firstFrame(result.stderr), /^ {4}at .*seed\.mjs:5:\d+\)?$/);
});

test('wide characters (CJK, an emoji) before a part and in a value: each bar under its part, as a terminal shows the line', () => {
  const result = runFixture('wide.mjs');
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    '',
    "  assert(名前 + '😀' === '花子')",
    '         |    |      |',
    '         |    |      false',
    "         |    '太郎😀'",
    "         '太郎'",
  ]);
});

test('an assert over several lines lists each part with its value, in the order they ran, the whole last', () => {
  const result = runFixture('multiline.mjs');
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    'items -> [ 1, 2 ]',
    'items.length -> 2',
    'items.length > 2 -> false',
    'items -> [ 1, 2 ]',
    'items.includes(3) -> false',
    'items.length > 2 || items.includes(3) -> false',
  ]);
});

/** Where the first frame of a stack is: `file:line:column`, the file by its name. */
function firstPosition(stderr: string): string {
  return /([^/\\]+:\d+:\d+)\)?$/.exec(firstFrame(stderr))?.[1] ?? '';
}

test('with --enable-source-maps the first frame is where Node puts the assert unrewritten: its name, not its (', () => {
  const cases: [fixture: string, position: string][] = [
    ['seed.mjs', 'seed.mjs:5:1'],
    // A method is placed at its name, after the object.
    ['strict-call.mjs', 'strict-call.mjs:12:11'],
  ];
  if (nodeStripsTypes()) cases.push(['typed.ts', 'typed.ts:9:1']);
  for (const [name, position] of cases) {
    const result = runFixture(name, 'assert', '--enable-source-maps');
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /traced through its source map/);
    assert.equal(firstPosition(result.stderr), position, result.stderr);
    const unrewritten = runNode(['--enable-source-maps', join(fixtures, name)]);
    assert.equal(firstPosition(unrewritten.stderr), position, unrewritten.stderr);
  }
});

test('asserts that pass print nothing', () => {
  const result = runFixture('passing.mjs');
  assert.deepEqual([result.status, result.stdout, result.stderr], [0, '', '']);
});

test('short-circuits, side effects, optional chaining, this and await keep their meaning (a renamed ok import)', () => {
  const result = runFixture('semantics.mjs');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.deepEqual(result.stdout.trimEnd().split('\n'), [
    'Assertion failed',
    '',
    '  verify(made > 0 && sideEffect())',
    '         |    |   |',
    '         |    |   false',
    '         0    false',
    'made after &&: 0',
    'counted',
    '',
    "  verify(++counter === 2, 'counted')",
    '         |         |',
    '         1         false',
    'counter: 1',
    'Assertion failed',
    '',
    '  verify(box.empty?.first.second ?? box.size() > 2)',
    '         |   |            |      |  |   |      |',
    '         |   |            |      |  |   2      false',
    '         |   |            |      |  { empty: null, items: [ 1, 2 ], size: [Function: size] }',
    '         |   |            |      false',
    '         |   null         undefined',
    '         { empty: null, items: [ 1, 2 ], size: [Function: size] }',
    'Assertion failed',
    '',
    '  verify(await Promise.resolve(0))',
    '         |     |       |',
    '         |     |       Promise { 0 }',
    '         0     [Function: Promise]',
  ]);
});

test('CommonJS: assert.ok with a message, and ok required under another name', () => {
  const result = runFixture('ok.cjs');
  assert.equal(result.status, 1, result.stderr);
  assert.equal(
    result.stdout,
    [
      'needs root',
      '',
      "  assert.ok(user.roles.includes('root'), 'needs root')",
      '            |    |     |',
      '            |    |     false',
      "            |    [ 'admin' ]",
      "            { name: 'ada', roles: [ 'admin' ] }",
      '',
    ].join('\n'),
  );
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    '',
    '  check(user.name.length > 5)',
    '        |    |    |      |',
    '        |    |    3      false',
    "        |    'ada'",
    "        { name: 'ada', roles: [ 'admin' ] }",
  ]);
  assert.match(firstFrame(result.stderr), /ok\.cjs:12:\d+\)?$/);
});

test('assert.strict(…), on the module or a namespace import, is drawn as assert(…) is', () => {
  const result = runFixture('strict-call.mjs');
  assert.equal(result.status, 1, result.stderr);
  assert.equal(
    result.stdout,
    [
      'Assertion failed',
      '',
      '  assert.strict(cart.total > 5)',
      '                |    |     |',
      '                |    3     false',
      "                { items: [ 'tea' ], total: 3 }",
      '',
    ].join('\n'),
  );
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    '',
    '  namespace.strict(cart.items.length === 2)',
    '                   |    |     |      |',
    '                   |    |     1      false',
    "                   |    [ 'tea' ]",
    "                   { items: [ 'tea' ], total: 3 }",
  ]);
});

test('TypeScript that Node strips: the types are left out of the values, the lines kept', {
  skip: !nodeStripsTypes() && 'this Node runs no TypeScript',
}, () => {
  const result = runFixture('typed.ts');
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    '',
    '  assert((length(point) as number) > 5)',
    '          |      |                 |',
    '          5      { x: 3, y: 4 }    false',
  ]);
  assert.match(firstFrame(result.stderr), /typed\.ts:9:\d+\)?$/);
  assert.doesNotMatch(result.stderr, /ExperimentalWarning/);
});

test('an ES module tsx compiled (.mts) is drawn on every Node: on Node 20, which cannot strip types, it was skipped for want of module.stripTypeScriptTypes, though tsx had left no types to strip', () => {
  const result = runUnderTsx('tsx/cart.mts');
  assert.equal(result.status, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /HooklineWarning/);
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    '',
    '  assert((cart.total as number) > 5 && cart.items.length === 1)',
    '          |    |                |   |',
    '          |    |                |   false',
    '          |    3                false',
    "          { items: [ 'tea' ], total: 3 }",
  ]);
});

test("under tsx, the diagram is drawn under the line as written, where tsx's source map places each part of it; else under what tsx compiled (it was always tsx's text, without its spaces)", () => {
  const result = runUnderTsx('tsx/as-written.mts');
  assert.equal(result.status, 0, result.stderr);
  const names = "[ 'ann', 'bob' ]";
  assert.deepEqual(result.stdout.trimEnd().split('\n'), [
    'Assertion failed',
    '',
    "  assert(names.indexOf('carl') !== -1 || names[0]! === 'bob')",
    '         |     |               |      |  |    |    |',
    '         |     |               |      |  |    |    false',
    "         |     |               |      |  |    'ann'",
    `         |     |               |      |  ${names}`,
    '         |     -1              false  false',
    `         ${names}`,
    // The comment: no entry of the map says where the `>` is.
    'Assertion failed',
    '',
    '  assert(names.length>3)',
    '         |     |     |',
    '         |     2     false',
    `         ${names}`,
    // Over three lines as written.
    'Assertion failed',
    '',
    '  assert(names.length===3)',
    '         |     |     |',
    '         |     2     false',
    `         ${names}`,
  ]);
});

test('a CommonJS .ts file under tsx, whose imports of node:assert tsx compiles to require() ((0, import_node_assert.default)(…)), is drawn for each form an ES module is, on every Node: it had node:assert’s own message', () => {
  const result = runUnderTsx('tsx/commonjs/imports.ts');
  assert.equal(result.status, 0, result.stderr);
  const cart = "{ items: [ 'tea' ], total: 3 }";
  const drawn = (assertName: string) => {
    const under = ' '.repeat(assertName.length + 3);
    return [
      'Assertion failed',
      '',
      `  ${assertName}(cart.total > 5)`,
      `${under}|    |     |`,
      `${under}|    3     false`,
      `${under}${cart}`,
    ];
  };
  assert.deepEqual(result.stdout.trimEnd().split('\n'), [
    ...drawn('assert'),
    'two items',
    '',
    "  assert.ok(cart.items.length === 2, 'two items')",
    '            |    |     |      |',
    '            |    |     1      false',
    "            |    [ 'tea' ]",
    `            ${cart}`,
    ...drawn('strict'),
    ...drawn('verify'),
    ...drawn('namespace.ok'),
    ...drawn('namespace.strict'),
    ...drawn('check'),
    // A name imported from another module, which tsx reads as import_helpers.double.
    'Assertion failed',
    '',
    '  assert(double(cart.total) === 5)',
    '         |      |    |      |',
    '         |      |    3      false',
    `         6      ${cart}`,
    '3 == 5',
  ]);
});

test("an installed package's asserts are left as they are", () => {
  const result = runFixture('package-user.mjs');
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /^package: The expression evaluated to a falsy value:/);
  // node:assert's own message quotes the call, without a diagram under it.
  assert.match(result.stdout, /assert\(value > 1\) \| $/m);
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    '',
    '  assert(check.length === 2)',
    '         |     |      |',
    '         |     1      false',
    '         [Function (anonymous)]',
  ]);
});

test('without HOOKLINE_TRANSFORM the asserts are node:assert’s own', () => {
  const result = runFixture('seed.mjs', '');
  assert.equal(result.status, 1);
  assert.match(result.stderr, /The expression evaluated to a falsy value/);
  assert.doesNotMatch(result.stderr, /^ +\| +\|/m);
});

test('an unknown HOOKLINE_TRANSFORM name is refused, naming it and the known ones', () => {
  const result = runFixture('seed.mjs', 'assert,asert');
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /hookline\/register: HOOKLINE_TRANSFORM: Expected a comma-separated list of the transforms "assert" but got the unknown transform "asert"\. Did you mean "assert"\?/,
  );
  assert.doesNotMatch(result.stderr, /3\*\*2/);
});

test('optional chaining: the object of each `?.` is shown (the null that ended the chain), and the chain still stops where it did', () => {
  const result = runFixture('optional-chains.mjs');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  const config =
    '{ db: null, cache: { ttl: 0 }, users: [ [Object] ], tags: { list: [Array] }, load: [Function: load] }';
  assert.deepEqual(result.stdout.trimEnd().split('\n'), [
    'Assertion failed',
    '',
    '  assert(config.db?.host)',
    '         |      |   |',
    '         |      |   undefined',
    '         |      null',
    `         ${config}`,
    'Assertion failed',
    '',
    '  assert(config.cache?.ttl > 0)',
    '         |      |      |   |',
    '         |      |      0   false',
    '         |      { ttl: 0 }',
    `         ${config}`,
    'Assertion failed',
    '',
    "  assert(config.users[0]?.name === 'bob')",
    '         |      |    |    |    |',
    '         |      |    |    |    false',
    "         |      |    |    'ann'",
    "         |      |    { name: 'ann' }",
    "         |      [ { name: 'ann' } ]",
    `         ${config}`,
    'Assertion failed',
    '',
    '  assert(config.load()?.ttl > 0)',
    '         |      |       |   |',
    '         |      |       0   false',
    '         |      { ttl: 0 }',
    `         ${config}`,
    'Assertion failed',
    '',
    '  assert(config.db?.host.port ?? config.tags.list?.length > 1)',
    '         |      |        |    |  |      |    |     |      |',
    '         |      |        |    |  |      |    |     1      false',
    "         |      |        |    |  |      |    [ 'a' ]",
    "         |      |        |    |  |      { list: [ 'a' ] }",
    `         |      |        |    |  ${config}`,
    '         |      |        |    false',
    '         |      null     undefined',
    `         ${config}`,
    'Assertion failed',
    '',
    '  assert(config.cache.load?.() ?? config.load?.().ttl)',
    '         |      |     |        |  |               |',
    '         |      |     |        |  |               0',
    `         |      |     |        0  ${config}`,
    '         |      |     undefined',
    '         |      { ttl: 0 }',
    `         ${config}`,
    'Assertion failed',
    '',
    '  assert(fn?.() !== undefined)',
    '         |      |',
    '         null   false',
    '         undefined',
  ]);
});
