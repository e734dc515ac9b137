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
