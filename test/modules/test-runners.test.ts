import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

// hookline's module hooks called from a test runner's realm (jest runs each test file in a vm
// context of its own).

test("a RegExp made in another realm (a vm context, as a jest test file's are) is onImport's match and transform's filter as one of hookline's own realm is", () => {
  const { value } = runJson(['realm-regexp.mjs']);
  assert.deepEqual(value, { seen: ['onImport'], kind: 'transformed' });
});
