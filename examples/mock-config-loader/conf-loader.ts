// The configuration loader of the talk's unit-test example: it loads settings from a remote
// system, which is slow, not always there, and hard to fill with test data.
import { setTimeout as sleep } from 'node:timers/promises';

/** Loads the settings from the remote system. */
export async function load(): Promise<string> {
  console.log('** conf_loader: load data from remote system...');
  await sleep(2_000);
  return '{"settings":"from the remote system"}';
}

/** The same loader as a property of an object, for code that calls `confLoader.load()`. */
export const confLoader = { load };
