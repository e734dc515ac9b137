// mock.patch in a unit test: the code under test loads its configuration through a slow loader
// (a file, a network call). The test puts a stand-in in its place for the length of the test,
// and checks how the code used it. Run it with `node --test` or as a script.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { replace, sandbox } from 'hookline/patch';

/** The configuration module: slow to load, and the same object for every importer. */
export const config = {
  async load(): Promise<{ currency: string; rate: number }> {
    await sleep(2_000); // stands for a remote configuration service
    return { currency: 'EUR', rate: 0.92 };
  },
};

/** The code under test. */
export async function priceIn(amountUsd: number): Promise<string> {
  const { currency, rate } = await config.load();
  return `${(amountUsd * rate).toFixed(2)} ${currency}`;
}

test('priceIn converts with the configured rate', async () => {
  using _ = replace(config, 'load', async () => ({ currency: 'GBP', rate: 0.5 }));
  assert.equal(await priceIn(10), '5.00 GBP');
});

test('priceIn loads the configuration once a call (a sandbox with a spy)', async () => {
  using box = sandbox();
  box.replace(config, 'load', async () => ({ currency: 'JPY', rate: 150 }));
  const loads = box.spy(config, 'load');
  await priceIn(1);
  await priceIn(2);
  assert.equal(loads.calls.length, 2);
});

test('after the tests, the real loader is back', () => {
  assert.equal(config.load.name, 'load');
  assert.match(String(config.load), /sleep/);
});
