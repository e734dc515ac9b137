import type * as Inspector from 'node:inspector';
import { debug } from './debuglog.js';
import { lazyRequire } from './lazy-require.js';

const inspector = lazyRequire<typeof Inspector>('node:inspector');

/**
 * The URLs of every script V8 has compiled so far, ES modules included, asked of the inspector
 * (enabling the debugger replays one `scriptParsed` event per script, synchronously, each with a
 * hash of its source). Costs 25 ms in a small program and 170–250 ms after 1,700 modules: only
 * for rare questions Node has no other answer to, such as "was this ES module loaded before
 * anything watched the loader?", and asked once. Empty where the permission model denies the
 * inspector.
 */
export function loadedScriptUrls(): string[] {
  const session = new (inspector().Session)();
  const urls: string[] = [];
  try {
    session.connect();
  } catch (error) {
    // The permission model (`--permission` without `--allow-inspector`) refuses the session.
    // What this answers only serves a warning: without it, the program goes on unwarned.
    if ((error as { code?: unknown } | null)?.code !== 'ERR_ACCESS_DENIED') throw error;
    debug('the permission model refuses the inspector: no list of compiled scripts');
    return urls;
  }
  try {
    session.on('Debugger.scriptParsed', (message) => {
      if (message.params.url) urls.push(message.params.url);
    });
    session.post('Debugger.enable');
    session.post('Debugger.disable');
  } finally {
    session.disconnect();
  }
  debug('asked V8 for the scripts it has compiled: %d', urls.length);
  return urls;
}
