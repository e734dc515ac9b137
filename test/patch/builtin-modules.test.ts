import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { patch, replace } from 'hookline/patch';

test('a patch of fs.readFileSync is seen through ESM named imports taken afterwards', async () => {
  const original = fs.readFileSync;
  const p = patch(fs, 'readFileSync', () => 'patched');
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync('/nonexistent'), 'patched');
  p.restore();
  const after = await import('node:fs');
  assert.equal(after.readFileSync, original);
  assert.equal(after.default.readFileSync, original);
});

test('a replace of a builtin export is synced both ways too', async () => {
  const fake = () => true;
  const r = replace(fs, 'existsSync', fake);
  assert.equal((await import('node:fs')).existsSync, fake);
  r.restore();
  assert.equal((await import('node:fs')).existsSync, fs.existsSync);
});
