import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

interface Outcome {
  greet: string;
  increment: number;
  fromB: string;
  warnings: { name: string; message: string; cause?: string }[];
  refused: string[];
}

test('a handler that throws or returns a promise is reported with its cause, and the module loads unpatched', () => {
  const { value } = runJson<Outcome>(['errors.mjs']);
  assert.equal(value.greet, 'hello x', 'what the throwing handler assigned is undone');
  assert.equal(value.increment, 1);
  assert.equal(value.fromB, 'B');
  assert.deepEqual(value.warnings, [
    {
      name: 'HooklineWarning',
      message: 'the onImport handler for cjs-pkg threw; the module loads unpatched (handler bug)',
      cause: 'handler bug',
    },
    {
      name: 'HooklineWarning',
      message:
        'the onImport handler for esm-pkg threw; the module loads unpatched (esm handler bug)',
      cause: 'esm handler bug',
    },
    {
      name: 'HooklineWarning',
      message:
        'the onImport handler for star-pkg returned a promise; handlers run while the module loads and must return synchronously, so it loads unpatched',
    },
  ]);
});

test('bad arguments to onImport are refused with a coded TypeError naming what was wrong', () => {
  const { value } = runJson<Outcome>(['errors.mjs']);
  assert.equal(value.refused.length, 4);
  for (const message of value.refused)
    assert.match(message, /^TypeError ERR_HOOKLINE_INVALID_ARGUMENT: onImport\(/);
  assert.match(value.refused[0] ?? '', /but got number 42\. Pass the name the program imports/);
  assert.match(
    value.refused[2] ?? '',
    /Expected a handler function .* but got the string "not a function"/,
  );
});

test('mockModule without exports and redirect to what is not a path are refused, naming the value and the way out; onImport on a builtin this Node lacks is accepted and never fires', () => {
  const { value, stderr } = runJson<{
    refused: Record<string, string>;
    unchanged: string;
    accepted: Record<string, unknown>;
    fired: string[];
    hasSqlite: boolean;
  }>(['bad-targets.mjs']);
  assert.equal(stderr, '');
  const { refused } = value;
  for (const message of Object.values(refused))
    assert.match(message, /^TypeError ERR_HOOKLINE_INVALID_ARGUMENT: /);
  assert.match(
    refused['mockWithoutExports'] ?? '',
    /^TypeError ERR_HOOKLINE_INVALID_ARGUMENT: mockModule\("real-pkg", exports\): Expected the exports .* but got undefined\. .*pass \{\}/,
  );
  assert.match(refused['redirectToNumber'] ?? '', /but got number 42\. Give a path/);
  assert.match(
    refused['redirectToObject'] ?? '',
    /but got \{ path: '\.\/local\/real-pkg\.cjs' \}\./,
  );
  assert.match(
    refused['redirectToNothing'] ?? '',
    /local\/no-such-copy\.cjs, which does not exist/,
  );
  assert.equal(value.unchanged, 'installed');
  assert.deepEqual(value.accepted, { 'node:sqlite': true, 'node:no-such-builtin': true });
  // Named builtins this Node has are handed over at once; the others never fire.
  assert.deepEqual(value.fired, value.hasSqlite ? ['node:sqlite'] : []);
});

test('onImport, mockModule and redirect on a node: name a slip away from a builtin warn, naming the builtin it probably meant; other unknown node: names stay silent; equally near builtins are all named', () => {
  const { value } = runJson<{ warnings: string[]; fired: string[] }>(['mistyped-builtin.mjs']);
  const says = (where: string, name: string, meant: string) =>
    new RegExp(
      `^HooklineWarning: ${where}: Node v[\\d.]+ has no builtin "${name}", so this never applies; did you mean "${meant}"\\?$`,
    );
  assert.equal(value.warnings.length, 5, value.warnings.join('\n'));
  assert.match(value.warnings[0] ?? '', says('onImport\\("node:fss"\\)', 'node:fss', 'node:fs'));
  assert.match(
    value.warnings[1] ?? '',
    says('onImport\\("node:chid_process"\\)', 'node:chid_process', 'node:child_process'),
  );
  assert.match(
    value.warnings[2] ?? '',
    says('mockModule\\("node:crypt", exports\\)', 'node:crypt', 'node:crypto'),
  );
  assert.match(
    value.warnings[3] ?? '',
    says('redirect\\("node:pth", "\\./local/real-pkg\\.cjs"\\)', 'node:pth', 'node:path'),
  );
  // Two builtins equally near: both named.
  assert.match(
    value.warnings[4] ?? '',
    /^HooklineWarning: onImport\("node:utl"\): .* did you mean "node:url" or "node:util"\?$/,
  );
  assert.deepEqual(value.fired, ['node:fs']);
});

test('a handler that adds an export to an ES module is told the module has no such export, and lists the ones it has; what it changed before is undone', () => {
  const { value } = runJson<{ greet: string; warnings: string[] }>(['esm-new-export.mjs']);
  assert.deepEqual(value, {
    greet: 'hello x',
    warnings: [
      `the onImport handler for esm-pkg threw; the module loads unpatched (esm-pkg has no export "added": an ES module's exports are fixed when it is parsed, so a handler can change them, not add one (its exports: count, default, greet, increment))`,
    ],
  });
});

test('an ES module handler that returns a property the module has no export of is refused as assigning it is (the module loads unpatched); one that returns null is told null is no object, for an ES module or a builtin', () => {
  const { value } = runJson<{ exports: unknown[]; warnings: string[] }>([
    'esm-return-non-export.mjs',
  ]);
  const fixed = `an ES module's exports are fixed when it is parsed, so a handler can change them, not add one`;
  assert.deepEqual(value, {
    exports: ['hello x', 1, 'hello from default class', 'format'],
    warnings: [
      `the onImport handler for node:os returned null; a builtin's exports can only take the properties of an object, so it stays unpatched`,
      `the onImport handler for esm-pkg returned a property that is not an export of the module; the module loads unpatched (esm-pkg has no export "extra": ${fixed} (its exports: count, default, greet, increment))`,
      `the onImport handler for default-only returned properties that are not exports of the module; the module loads unpatched (default-only has no exports "nmae", "other": ${fixed} (its exports: default))`,
      `the onImport handler for alias-pkg returned null; an ES module's exports are bindings, so return an object with the exports to change`,
    ],
  });
});

test('handlers and a listener that throw a value with no text (an object without a prototype) are reported; what a handler assigned is undone and the program goes on', () => {
  const { value } = runJson(['throws-unprintable.mjs']);
  const listener = 'an auditImports listener threw; the import goes on ([object Object])';
  assert.deepEqual(value, {
    esm: 1,
    cjs: 1,
    warnings: [
      listener,
      listener,
      'the onImport handler for cjs-pkg threw; the module loads unpatched ([object Object])',
      'the onImport handler for esm-pkg threw; the module loads unpatched ([object Object])',
    ],
  });
});

test('the warning of a handler a RegExp, a predicate or a file selected names the hook as written, the specifier it matched and the file, not the package around it', () => {
  const { value } = runJson<{ warnings: string[] }>(['pattern-warnings.mjs']);
  assert.deepEqual(value.warnings, [
    'the onImport handler for /-pkg\\/sub$/ ("exports-pkg/sub", <app>/node_modules/exports-pkg/lib/sub.js) threw; the module loads unpatched (regexp bug)',
    'the onImport handler for localConf() ("./files/sub/conf.cjs", <app>/files/sub/conf.cjs) threw; the module loads unpatched (predicate bug)',
    'the onImport handler for ./files/conf.cjs (<app>/files/conf.cjs) threw; the module loads unpatched (file bug)',
    `the onImport handler for /^node:zlib$/ ("node:zlib") returned null; a builtin's exports can only take the properties of an object, so it stays unpatched`,
  ]);
});

test('a predicate that throws is no match, reported once per specifier and error, not at each import of a long-running program; the other hooks still run', () => {
  const { value, stderr } = runJson<{ handled: string[]; warnings: string[] }>([
    'matcher-throws-often.mjs',
  ]);
  assert.deepEqual(value, {
    handled: ['cjs-pkg', 'esm-pkg'],
    warnings: [
      'the onImport matcher picky() threw for "cjs-pkg"; treated as no match (cannot tell cjs-pkg)',
      'the onImport matcher picky() threw for "esm-pkg"; treated as no match (cannot tell esm-pkg)',
    ],
  });
  assert.equal(stderr.match(/HooklineWarning/g)?.length, 2);
});
