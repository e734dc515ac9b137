import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeHasInThreadHooks, nodeStripsTypes } from '../helpers/run-node.js';
import { runApp, runJson } from './fixture.js';

const unexpected = "Unexpected token ';'";
const noMap = 'the transform gave no source map';

test("a transform that returns code that does not compile: the SyntaxError (its class kept) names the transform (all that rewrote the file, in order), the file and where in the transform's code it failed, traced through the transform's map, for require, import of CommonJS and require of an ES module; other errors are left as they are", () => {
  const { value, stderr } = runJson(['transform-errors/caught.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    require: {
      syntaxError: true,
      message: `${unexpected} (in the code the transform breakCjs (filter /broken\\.cjs$/) returned for …/broken.cjs, at line 1, column 23; ${noMap})`,
      stackSaysSo: true,
    },
    stacked: {
      syntaxError: true,
      message: `${unexpected} (in the code the transform useStrict (filter /stacked\\.cjs$/), then the transform breakStacked (filter /stacked\\.cjs$/) returned for …/stacked.cjs, at line 2, column 23; the transforms gave no source map)`,
      stackSaysSo: true,
    },
    mapped: {
      syntaxError: true,
      message: `${unexpected} (in the code the transform addTwoLines (filter /mapped\\.cjs$/) returned for …/mapped.cjs, at line 4, column 23, which its source map traces to …/mapped.cjs:2:1)`,
      stackSaysSo: true,
    },
    'mapped inline': {
      syntaxError: true,
      message: `${unexpected} (in the code the transform addTwoLinesInline (filter /inline\\.cjs$/) returned for …/inline.cjs, at line 4, column 23, which its source map traces to …/inline.cjs:2:1)`,
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

test("an error thrown in a transform's code as the module runs keeps its message; a line under it says the module was rewritten, by which transform, and whether its stack's positions are the code's or the file's (the transform gave a map, or put one in its code, traced with --enable-source-maps)", () => {
  const note = (file: string, name: string, filter: string, lines: string) =>
    `    note: …/${file} was rewritten by the transform ${name} (filter ${filter}) as it loaded; the positions below are ${lines}`;
  const thrown = (frame: string, inlineFrame: string, lines: string) => ({
    name: 'ReferenceError',
    message: 'BUILD_NAME is not defined',
    header: 'ReferenceError: BUILD_NAME is not defined',
    note: note('undeclared.cjs', 'useBuildName', '/\\/undeclared\\.cjs$/', lines),
    frame: `    at Object.<anonymous> (…/undeclared.cjs:${frame})`,
    inline: [
      note('inline-undeclared.cjs', 'useBuildNameInline', '/inline-undeclared\\.cjs$/', lines),
      `    at Object.<anonymous> (…/inline-undeclared.cjs:${inlineFrame})`,
    ],
    elsewhere: false,
  });
  const plain = runJson(['transform-errors/thrown.mjs']);
  assert.equal(plain.stderr, '');
  assert.deepEqual(
    plain.value,
    thrown(
      '3:17',
      '3:17',
      'in the code it returned; --enable-source-maps traces them through its source map',
    ),
  );
  const mapped = runJson(['--enable-source-maps', 'transform-errors/thrown.mjs']);
  assert.deepEqual(mapped.value, thrown('1:1', '1:1', 'traced through its source map'));
});

test('an ES module whose rewritten code throws as it runs ends the program as it would have, and the stack Node prints says the module was rewritten and by which transform', () => {
  const { status, stdout, stderr } = runApp([
    '--import',
    './transform-errors/break-undeclared.mjs',
    'transform-errors/undeclared-main.mjs',
  ]);
  assert.equal(status, 1);
  assert.equal(stdout, '');
  assert.match(
    stderr,
    /\nReferenceError: BUILD_NAME is not defined\n {4}note: file:\/\/\/\S+\/transform-errors\/undeclared\.mjs was rewritten by the transform useBuildName \(filter \/undeclared\\\.mjs\$\/\) as it loaded; the positions below are in the code it returned, which came with no source map\n {4}at file:\/\/\/\S+\/undeclared\.mjs:1:22\n/,
  );
});

test("a transform that makes a package's typeless .js file an ES module where its own source is CommonJS: require() runs it as one, as Node tells by its syntax; an import fails with Node's error (its code kept), which says the transform changed the format Node had read and what to return", () => {
  const { value, stderr } = runJson(['transform-errors/format-change.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    required: 'module/',
    imported: {
      code: 'ERR_REQUIRE_CYCLE_MODULE',
      message:
        'Cannot require() ES Module …/typeless/imported.js in a cycle. A cycle involving require(esm) is not allowed to maintain invariants mandated by the ECMAScript specification. Try making at least part of the dependency in the graph lazily loaded. ' +
        "(the transform addImport (filter /typeless\\/\\w+\\.js$/) returned ES module syntax for …/typeless/imported.js, whose own source is CommonJS: Node tells an imported file's format from its own source, before transforms run, so it loads as CommonJS. Where a transform is given format 'commonjs', return CommonJS (require, module.exports))",
    },
    formats: ['commonjs', 'commonjs'],
  });
});

test('a transform of TypeScript that returns TypeScript Node cannot strip: the SyntaxError (ERR_INVALID_TYPESCRIPT_SYNTAX) names the transform and where in its code, for a .cts and a required .mts', {
  skip: nodeStripsTypes() ? false : 'this Node does not strip TypeScript',
}, () => {
  const { value, stderr } = runJson(['transform-errors/typescript.mjs']);
  assert.equal(stderr, '');
  const failed = (file: string) => ({
    syntaxError: true,
    code: 'ERR_INVALID_TYPESCRIPT_SYNTAX',
    message: `Expression expected (in the code the transform breakTypes (filter /typed\\.[cm]ts$/) returned for ${file}, at line 1, column 29; ${noMap})`,
  });
  assert.deepEqual(value, {
    commonjs: failed('…/typed.cts'),
    module: failed('…/typed.mts'),
  });
});

test('an import() the program catches, of an ES module a transform broke: where Node traces import() (22.15+, 24), the SyntaxError names the transform and an error thrown as it ran has its note before the program sees them; Node 20 gives its errors as they are', () => {
  const { value, stderr } = runJson(['transform-errors/dynamic.mjs']);
  assert.equal(stderr, '');
  const traced = nodeHasInThreadHooks();
  assert.deepEqual(value, {
    syntax: {
      name: 'SyntaxError',
      message: traced
        ? `${unexpected} (in the code the transform breakEsm (filter /imported-broken\\.mjs$/) returned for …/imported-broken.mjs, at line 1, column 28; ${noMap})`
        : unexpected,
      note: false,
    },
    thrown: { name: 'ReferenceError', message: 'BUILD_NAME is not defined', note: traced },
  });
});

test('an ES module no transform selected that does not compile, loaded after the program caught the import() of one a transform broke: its SyntaxError, required or imported, is left as Node gives it, not told as the earlier module', () => {
  const { value, stderr } = runJson(['transform-errors/unrelated.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    // Told where Node traces import() (see above).
    earlier: nodeHasInThreadHooks(),
    required: unexpected,
    imported: unexpected,
  });
});

test("a transform that throws on the entry module, whose top level then fails as it loads: the warning saying the transform was skipped is shown before Node's report of the error, though the program ends before the next tick", () => {
  const { status, stderr } = runApp([
    '--import',
    './transform-errors/transform-throws-on-main.mjs',
    'transform-errors/failing-main.cjs',
  ]);
  assert.equal(status, 1);
  assert.match(
    stderr,
    /HooklineWarning: the transform \(filter \/failing-main\\\.cjs\$\/\) threw on file:\/\/\/\S+\/failing-main\.cjs; it is skipped \(the transform broke\)\n[\s\S]*\nError: the program fails as it loads\n/,
  );
});

test("a transform whose filter throws skips the modules it throws on, with one warning naming it: the program goes on and the other transforms apply, for import, require and a second import (Node 20's loader thread asks the filter through a message the throw ended the program in)", () => {
  const { value } = runJson(['transform-errors/filter-throws.mjs']);
  const [warning, ...more] = value['warnings'] as string[];
  assert.deepEqual(value['values'], ['ESM', 'CJS', 'STATIC']);
  assert.match(
    warning ?? '',
    /^the filter of the transform \(filter byPathname\) threw on file:\/\/\/.*\/filter-throws\/a\.mjs: that transform skips it, and every other module its filter throws on \(said once\) \(Cannot read properties of undefined/,
  );
  assert.deepEqual(more, []);
});
