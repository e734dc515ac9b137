import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Node 20 has its WebSocket client behind `--experimental-websocket` (Node 22 has it by
 * default): where the global is missing, the command runs again in a Node given that flag, and
 * its exit code is returned. Undefined where WebSocket is there, and the command goes on here.
 */
export function withWebSocket(argv: readonly string[]): number | undefined {
  if (typeof globalThis.WebSocket === 'function') return undefined;
  if (process.execArgv.includes('--experimental-websocket')) return undefined;
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, '--experimental-websocket', main, ...argv],
    { stdio: 'inherit' },
  );
  return result.status ?? 1;
}
