import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

/** What each step of an undo order should show: the newest entry still active, else `none`. */
function expectedSteps(order: string, name: (n: number) => string, none: string): string[][] {
  const active = new Set(Array.from({ length: order.length }, (_, n) => n + 1));
  return [...order].map((digit) => {
    active.delete(Number(digit));
    const newest = Math.max(0, ...active);
    const shown = newest === 0 ? none : name(newest);
    return [shown, shown];
  });
}

test('stacked mocks, redirects and onImport changes (builtin, ES module) undone in any order leave the newest active one, for require and import', () => {
  const { value, stderr } = runJson<Record<string, string[][]>>(['stacked-undo.mjs']);
  assert.equal(stderr, '');
  const names = {
    mock: [(n: number) => `mock ${n}`, 'installed'],
    redirect: [(n: number) => `local ${n}`, 'installed'],
    builtin: [(n: number) => `hook ${n}`, 'original'],
    esm: [(n: number) => `hook ${n}`, 'original'],
  } as const;
  assert.equal(Object.keys(value).length, 4 * (2 + 6));
  for (const [key, steps] of Object.entries(value)) {
    const [kind, order] = key.split(' ') as [keyof typeof names, string];
    const [name, none] = names[kind];
    assert.deepEqual(steps, expectedSteps(order, name, none), key);
  }
});
