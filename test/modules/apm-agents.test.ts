import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test("onImport of an ES module package's internal file that its exports do not export selects the file the package imports by a relative path, as for CommonJS (it never ran: only exported subpaths were names of ES module files)", () => {
  const expected = {
    seen: ['esm-db@2.1.0 module'],
    query: 'traced(esm-db:select 1)',
  };
  for (const preload of [[], ['--import', 'hookline/register']]) {
    const { value, stderr } = runJson([...preload, 'apm/esm-internal.mjs']);
    assert.equal(stderr, '');
    assert.deepEqual(value, expected, preload.join(' '));
  }
});
