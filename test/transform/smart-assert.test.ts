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

test("the seed's smart assert: each sub-expression with its value, in the order it was evaluated, then the whole", () => {
  const result = runFixture('seed.mjs');
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    '3**2 -> 9',
    '4**2 -> 16',
    '3**2 + 4**2 -> 25',
    '5**2 -> 25',
    '3**2 + 4**2 !== 5**2 -> false',
  ]);
  // The line of the assert in the fixture, without source maps (the lines stay where they were).
  assert.match(firstFrame(result.stderr), /^ {4}at .*seed\.mjs:5:\d+\)?$/);
});

test('with --enable-source-maps the first frame is the line and column of the assert as written', () => {
  const result = runFixture('seed.mjs', 'assert', '--enable-source-maps');
  assert.equal(result.status, 1, result.stderr);
  assert.match(firstFrame(result.stderr), /seed\.mjs:5:\d+\)?$/);
  assert.match(result.stderr, /traced through its source map/);
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
    'Assertion failed | made -> 0 | made > 0 -> false | made > 0 && sideEffect() -> false',
    'made after &&: 0',
    'counted | ++counter -> 1 | ++counter === 2 -> false',
    'counter: 1',
    'Assertion failed | box -> { empty: null, items: [ 1, 2 ], size: [Function: size] } | box.empty?.first.second -> undefined | box -> { empty: null, items: [ 1, 2 ], size: [Function: size] } | box.size() -> 2 | box.size() > 2 -> false | box.empty?.first.second ?? box.size() > 2 -> false',
    'Assertion failed | Promise -> [Function: Promise] | Promise.resolve(0) -> Promise { 0 } | await Promise.resolve(0) -> 0',
  ]);
});

test('CommonJS: assert.ok with a message, and ok required under another name', () => {
  const result = runFixture('ok.cjs');
  assert.equal(result.status, 1, result.stderr);
  assert.equal(
    result.stdout,
    [
      'needs root',
      "user -> { name: 'ada', roles: [ 'admin' ] }",
      "user.roles -> [ 'admin' ]",
      "user.roles.includes('root') -> false",
      '',
    ].join('\n'),
  );
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    "user -> { name: 'ada', roles: [ 'admin' ] }",
    "user.name -> 'ada'",
    'user.name.length -> 3',
    'user.name.length > 5 -> false',
  ]);
  assert.match(firstFrame(result.stderr), /ok\.cjs:12:\d+\)?$/);
});

test('TypeScript that Node strips: the types are left out of the values, the lines kept', {
  skip: !nodeStripsTypes() && 'this Node runs no TypeScript',
}, () => {
  const result = runFixture('typed.ts');
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    'point -> { x: 3, y: 4 }',
    'length(point) -> 5',
    '(length(point) as number) > 5 -> false',
  ]);
  assert.match(firstFrame(result.stderr), /typed\.ts:9:\d+\)?$/);
  assert.doesNotMatch(result.stderr, /ExperimentalWarning/);
});

test("an installed package's asserts are left as they are", () => {
  const result = runFixture('package-user.mjs');
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /^package: The expression evaluated to a falsy value:/);
  assert.doesNotMatch(result.stdout, /value -> /);
  assert.deepEqual(failureLines(result.stderr), [
    'AssertionError [ERR_ASSERTION]: Assertion failed',
    'check -> [Function (anonymous)]',
    'check.length -> 1',
    'check.length === 2 -> false',
  ]);
});

test('without HOOKLINE_TRANSFORM the asserts are node:assert’s own', () => {
  const result = runFixture('seed.mjs', '');
  assert.equal(result.status, 1);
  assert.match(result.stderr, /The expression evaluated to a falsy value/);
  assert.doesNotMatch(result.stderr, /3\*\*2 -> 9/);
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
