import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runNode } from '../helpers/run-node.js';

test('hookline/patch can be required from CommonJS', () => {
  const result = runNode([
    '-e',
    `const { patch } = require('hookline/patch');
     const fs = require('node:fs');
     const p = patch(fs, 'existsSync', () => 'patched');
     console.log(fs.existsSync('/'), require('node:fs').existsSync === fs.existsSync);
     p.restore();
     console.log(fs.existsSync('/'));`,
  ]);
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, 'patched true\ntrue\n');
});

test('patches apply when another copy of hookline made the shared registry before this one', () => {
  // A copy from before the registry counted hookline's own bookkeeping made it without `busy`.
  const result = runNode([
    '-e',
    `Object.defineProperty(globalThis, Symbol.for('hookline.patch.registry.v1'), {
       value: { slots: new WeakMap(), active: new Set() },
     });
     const { patch, spy } = require('hookline/patch');
     const target = { greet: (name) => 'hello ' + name };
     const loud = patch(target, 'greet', (original, self, args) => original.apply(self, args).toUpperCase());
     const calls = spy(target, 'greet');
     console.log(target.greet('ann'), calls.calls.length);
     calls.restore();
     loud.restore();
     console.log(target.greet('ann'));`,
  ]);
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, 'HELLO ANN 1\nhello ann\n');
});
