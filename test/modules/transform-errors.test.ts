import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runApp, runJson } from './fixture.js';

const unexpected = "Unexpected token ';'";
const noMap = 'the transform gave no source map';

test("a transform that returns code that does not compile: the SyntaxError (its class kept) names the transform, the file and where in the transform's code it failed, traced through the transform's map, for require, import of CommonJS and require of an ES module; other errors are left as they are", () => {
  const { value, stderr } = runJson(['transform-errors/caught.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    require: {
      syntaxError: true,
      message: `${unexpected} (in the code the transform breakCjs (filter /broken\\.cjs$/) returned for …/broken.cjs, at line 1, column 23; ${noMap})`,
      stackSaysSo: true,
    },
    mapped: {
      syntaxError: true,
      message: `${unexpected} (in the code the transform addTwoLines (filter /mapped\\.cjs$/) returned for …/mapped.cjs, at line 4, column 23, which its source map traces to …/mapped.cjs:2:1)`,
      stackSaysSo: true,
    },
    'import of CommonJS': {
      syntaxError: true,
      message: `${unexpected} (in the code the transform breaking (filter /imported\\.cjs$/) returned for …/imported.cjs, at line 1, column 23; ${noMap})`,
    },
    'require of an ES module': {
      syntaxError: true,
      message: `${unexpected} (in the code the transform breakEsm (filter /broken\\.mjs$/) returned for …/broken.mjs, at line 1, column 28; ${noMap})`,
      stackSaysSo: true,
    },
    'thrown by the body': { syntaxError: true, explained: false },
    'not transformed': { syntaxError: true, explained: false },
  });
});

test('a static import of an ES module a transform broke ends the program as it would have, and the SyntaxError Node prints names the transform and where it failed', () => {
  const { status, stdout, stderr } = runApp([
    '--import',
    './transform-errors/break-static.mjs',
    'transform-errors/static-main.mjs',
  ]);
  assert.equal(status, 1);
  assert.equal(stdout, '');
  assert.match(
    stderr,
    /\nSyntaxError: Unexpected token ';' \(in the code the transform breakEsm \(filter \/broken-static\\\.mjs\$\/\) returned for file:\/\/\/\S+\/transform-errors\/broken-static\.mjs, at line 1, column 28; the transform gave no source map\)\n {4}at /,
  );
});
