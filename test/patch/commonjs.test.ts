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
