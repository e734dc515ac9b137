import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeHasInThreadHooks } from '../helpers/run-node.js';
import { runJson } from './fixture.js';

// Node 22.15+/24 registers hookline's in-thread hooks only while ES modules load; the CommonJS
// loader's wrappers serve the requires in between. Nothing of that may show to the program.
const skip = !nodeHasInThreadHooks() && 'Node 20 does not show a required ES module its hooks';

/** What `program` prints, run with hookline/register and the windows' hooks preloaded. */
function runWithWindowHooks(program: string): unknown {
  return runJson(['--import', 'hookline/register', program], {
    HOOKLINE_PRELOAD: './hooks/windows.mjs',
  }).value;
}

test('a CommonJS program that loads ES modules after it started (require of a file without "type" that only re-exports, import()) is audited and hooked as one that loads them first', {
  skip,
}, () => {
  assert.deepEqual(runWithWindowHooks('windows.cjs'), {
    impl: 'hooked impl',
    dynamic: 'hooked leaf+dynamic',
    later: 'later',
    events: [
      ['require', './windows/first.cjs'],
      ['require', './windows/reexport.js'],
      ['import', './impl.js'],
      ['dynamic-import', './windows/dynamic.mjs'],
      ['import', './leaf.mjs'],
      ['require', './windows/later.cjs'],
    ],
  });
});

test('a CommonJS module of no declared format whose text says import( (a JSDoc type, a dynamic import), which requires a CommonJS module, then ES modules of no declared format (one written as a minifier does, with a comment inside its import), then imports one: each is audited and hooked as when formats are declared', {
  skip,
}, () => {
  assert.deepEqual(runWithWindowHooks('windows-format.cjs'), {
    first: 'first',
    impl: 'hooked impl',
    tight: 'hooked leaf',
    dynamic: 'hooked leaf+dynamic',
    events: [
      ['require', './windows/says-import.js'],
      ['require', './first.cjs'],
      ['require', './reexport.js'],
      ['import', './impl.js'],
      ['require', './tight.min.js'],
      ['import', './leaf.mjs'],
      ['dynamic-import', './dynamic.mjs'],
      ['import', './leaf.mjs'],
    ],
  });
});
