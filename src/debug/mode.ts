/** What `hook()` does, from `HOOKLINE_HOOK`: `0` off, `socket` on a Unix socket, else the terminal. */
export type HookMode = 'off' | 'terminal' | 'socket';

/** Reads `HOOKLINE_HOOK` (see {@link HookMode}); an unknown value warns and means the terminal. */
export function readHookMode(value: string | undefined = process.env['HOOKLINE_HOOK']): HookMode {
  const normalized = (value ?? '').trim().toLowerCase();
  if (normalized === '0' || normalized === 'off' || normalized === 'false') return 'off';
  if (normalized === 'socket') return 'socket';
  if (
    normalized === '' ||
    normalized === '1' ||
    normalized === 'tty' ||
    normalized === 'terminal'
  ) {
    return 'terminal';
  }
  process.emitWarning(
    `HOOKLINE_HOOK=${JSON.stringify(value)} is not a mode hookline knows; hooks open on the terminal. Use 0 (off), socket, or leave it unset.`,
    { code: 'HOOKLINE_HOOK_MODE' },
  );
  return 'terminal';
}

/** The mode of this process, read once when `hookline/debug` loads. */
export const hookMode: HookMode = readHookMode();
