// The module under test written the way ES modules usually are: it imports `load` by name. That
// binding cannot be replaced from outside, so a test swaps the whole conf-loader module before
// this one loads (mockModule).
import { load } from './conf-loader.js';

export async function logic(): Promise<string> {
  const config = JSON.parse(await load()) as { settings: string };
  return config.settings ? 'abc' : 'no settings';
}
