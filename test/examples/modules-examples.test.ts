import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

/** Runs a compiled example on the Node under test and returns its output, checking it succeeded. */
function example(name: string): string {
  const result = runNode([join(repoRoot, 'build', 'examples', `modules-${name}.js`)]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  return result.stdout;
}

test('example: audit imports — when, who and how', () => {
  const lines = example('audit-imports').trim().split('\n');
  const pattern = /^\*\* importing: (\S+) — (\S+) by (\S+), \+\d+\.\d ms$/;
  assert.deepEqual(
    lines.slice(0, -1).map((line) => pattern.exec(line)?.slice(1)),
    [
      ['file1.mjs', 'dynamic-import', 'modules-audit-imports.js'],
      ['node:crypto', 'import', 'file1.mjs'],
      ['node:util', 'import', 'file1.mjs'],
      ['node:module', 'import', 'file1.mjs'],
      ['file2.cjs', 'require', 'file1.mjs'],
      ['node:https', 'require', 'file2.cjs'],
      ['node:events', 'require', 'file2.cjs'],
    ],
  );
  assert.equal(lines.at(-1), 'audit stopped: this import is not reported');
});

test('example: the four ways to load a module, all seen by the audit', () => {
  assert.equal(
    example('four-ways'),
    [
      "load me (ES module): I'm loaded!",
      "load me: I'm loaded!",
      'the audit saw:',
      '  dynamic-import     static-import.mjs asked by modules-four-ways.js',
      '  import             load_me.mjs    asked by static-import.mjs',
      '  dynamic-import     load_me.mjs    asked by modules-four-ways.js',
      '  require            load_me.cjs    asked by modules-four-ways.js',
      '  get-builtin-module node:os        asked by modules-four-ways.js',
      '',
    ].join('\n'),
  );
});

test('example: replace an installed module with a local version', () => {
  assert.equal(
    example('replace-installed'),
    [
      'dummy urlopen: ["http://localhost:8888/notebooks"]',
      '** do something cool **',
      'returned: http://localhost:8888/notebooks',
      'after the undo: the installed urllib2 would open http://localhost:8888/notebooks over the network',
      '',
    ].join('\n'),
  );
});

test('example: import a module that does not exist', () => {
  assert.equal(
    example('non-existing'),
    'without a hook: ERR_MODULE_NOT_FOUND\nImporting: pycon2016\nhello PyCon China 2016!\n',
  );
});

test('example: a remote repository by scheme, served over HTTP on loopback', () => {
  const lines = example('remote-repository').trim().split('\n').sort();
  assert.deepEqual(
    lines.map((line) => line.replace(/127\.0\.0\.1:\d+/, 'HOST')),
    [
      '------------------------------',
      'Handle: repo: → http://HOST/repo/',
      'Hello PyCon 2016',
      'repository: GET /repo/team/some_module.js',
    ],
  );
});

test('example: make a module importable without changing the program', () => {
  assert.equal(
    example('importable'),
    [
      'plain:',
      '  the program itself runs unchanged',
      '1. --import:',
      '  hello world!',
      '  the program itself runs unchanged',
      '2. NODE_PATH (require only):',
      '  hello world!',
      '3. package.json imports:',
      '  hello world!',
      '4. hookline/register + HOOKLINE_PRELOAD:',
      '  hello world!',
      '  the program itself runs unchanged',
      '',
    ].join('\n'),
  );
});

test('example: lazy import', () => {
  assert.equal(
    example('lazy-import'),
    'named the module: nothing loaded yet\n  (loading urllib2)\nfirst use: function\nsecond use: true\n',
  );
});
