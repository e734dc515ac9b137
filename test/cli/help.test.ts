import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
const version = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

test('hookline --version prints the package version', () => {
  const result = runNode([cli, '--version']);
  assert.equal(result.stdout, `${version}\n`);
  assert.equal(result.status, 0);
});

test('hookline --help lists usage and exits 0', () => {
  const result = runNode([cli, '--help']);
  assert.match(result.stdout, /^Usage: hookline <command> \[options\]/);
  assert.equal(result.status, 0);
});

test('an unknown command names itself and the way out, exit 2', () => {
  const result = runNode([cli, 'frobnicate']);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr,
    'hookline: unknown command "frobnicate". Run `hookline --help` for the list.\n',
  );
  assert.equal(result.status, 2);
});
