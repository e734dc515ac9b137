// The module under test: its logic needs the configuration first.
import { confLoader } from './conf-loader.js';

export async function logic(): Promise<string> {
  const config = JSON.parse(await confLoader.load()) as { settings: string };
  // … a lot of complex work with the settings …
  return config.settings ? 'abc' : 'no settings';
}
