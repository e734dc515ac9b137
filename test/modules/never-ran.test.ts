import assert from 'node:assert/strict';
import Module from 'node:module';
import { test } from 'node:test';
import { runJson } from './fixture.js';

/** The lines of the exit listing of hooks that never ran, without the `HOOKLINE <pid>:` prefix. */
function neverRanLines(stderr: string): string[] {
  const lines = stderr.split('\n').map((line) => line.replace(/^HOOKLINE \d+: /, ''));
  const start = lines.findIndex((line) => /hook\(s\) never applied/.test(line));
  if (start === -1) return [];
  return lines
    .slice(start)
    .filter((line) => /^ {2}(onImport|mockModule|redirect|transform)\(/.test(line));
}

test('under NODE_DEBUG=hookline, the onImport hooks that never ran and the mocks never served are listed at exit, each with why its name matched nothing', () => {
  const { value, stderr } = runJson(['never-ran.mjs'], { NODE_DEBUG: 'hookline' });
  assert.deepEqual(value, { done: true });
  assert.match(
    stderr,
    /9 hook\(s\) never applied in this process \(see "When a hook does not run"/,
  );
  const lines = neverRanLines(stderr);
  assert.equal(lines.length, 9, lines.join('\n'));
  const [typo, unscoped, subpath, noFile, builtin, schemeOnly, pattern, unloaded, mock] = lines;
  assert.match(
    typo ?? '',
    /^ {2}onImport\("cjs-pkgg"\): "cjs-pkgg" is not installed where \S+app looks; did you mean "cjs-pkg"\?$/,
  );
  assert.match(
    unscoped ?? '',
    /^ {2}onImport\("pkg"\): "pkg" is not installed where \S+ looks; did you mean "@scope\/pkg"/,
  );
  assert.match(
    subpath ?? '',
    /^ {2}onImport\("exports-pkg\/missing"\): "exports-pkg\/missing" never loaded, and require cannot resolve it from \S+: Package subpath '\.\/missing' is not defined by "exports"/,
  );
  assert.match(
    noFile ?? '',
    /^ {2}onImport\("cjs-pkg\/no-such-file"\): "cjs-pkg\/no-such-file" never loaded, and require cannot resolve it from \S+: Cannot find module 'cjs-pkg\/no-such-file'/,
  );
  assert.match(
    builtin ?? '',
    /^ {2}onImport\("node:no-such-builtin"\): Node v[\d.]+ has no builtin "node:no-such-builtin"$/,
  );
  assert.match(
    schemeOnly ?? '',
    /^ {2}onImport\("test"\): "test" is not installed where \S+ looks; did you mean "node:test"\? \(Node has that builtin only with node:\)$/,
  );
  assert.equal(
    pattern,
    '  onImport("/never-matches-anything/"): its pattern matched no module that loaded',
  );
  assert.match(
    unloaded ?? '',
    /^ {2}onImport\("esm-pkg"\): "esm-pkg" resolves to \S+esm-pkg\/index\.js from \S+, but no load of it reached the hook in this process: the program did not load it here, or it loaded before the hook as an ES module \(a warning said so\), or a bundle inlined it, or only another thread or process loaded it$/,
  );
  assert.match(mock ?? '', /^ {2}mockModule\("axois"\): "axois" is not installed where \S+ looks/);
  // The hook that ran (cjs-pkg), the mock served (shapes-pkg) and those undone are not listed.
  assert.doesNotMatch(lines.join('\n'), /"cjs-pkg"\)|dual-pkg|shapes-pkg|class-pkg/);
});

/** Node 22.15+/24: ES modules' imports are redirected in this thread, where hookline sees them. */
const inThread = typeof (Module as { registerHooks?: unknown }).registerHooks === 'function';

test('under NODE_DEBUG=hookline, the redirects that never sent a load to their local copy and the transforms never handed a source are listed at exit too', () => {
  const { value, stderr } = runJson(['never-ran-redirects.mjs'], { NODE_DEBUG: 'hookline' });
  assert.deepEqual(value, { done: true });
  const lines = neverRanLines(stderr);
  // Node 20 redirects ES modules' imports in its loader thread, which tells the main thread
  // nothing: the listing says a redirect may have applied there.
  const offThread = inThread
    ? ''
    : "; or only ES modules imported it, which Node 20's loader thread redirects without telling this thread";
  const local = (file: string) => `\\S+files/${file.replace('.', '\\.')}`;
  const expected = [
    `^ {2}redirect\\("cjs-pkgg", "${local('local-conf.cjs')}"\\): "cjs-pkgg" is not installed where \\S+app looks; did you mean "cjs-pkg"\\?${offThread}$`,
    `^ {2}redirect\\("node:os", "${local('local-conf.cjs')}"\\): "node:os" never loaded${offThread}$`,
    ...(inThread
      ? []
      : [
          `^ {2}redirect\\("esm-pkg", "${local('local-conf.mjs')}"\\): "esm-pkg" resolves to .+${offThread}$`,
        ]),
    '^ {2}transform\\("never-matches-anything/"\\): its filter matched no module that loaded while it was in force$',
  ];
  assert.equal(lines.length, expected.length, lines.join('\n'));
  for (const [at, line] of lines.entries()) assert.match(line, new RegExp(expected[at] ?? ''));
  assert.doesNotMatch(
    lines.join('\n'),
    /redirect\("cjs-pkg"|redirect\("dual-pkg"|round\.mjs|transform\("files\/"\)/,
  );
});

test('without NODE_DEBUG, nothing is said of hooks that never ran', () => {
  const { value, stderr } = runJson(['never-ran.mjs']);
  assert.deepEqual(value, { done: true });
  assert.equal(stderr, '');
});
