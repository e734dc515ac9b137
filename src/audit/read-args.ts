import { fileURLToPath } from 'node:url';

/** A path argument as text: a string, a Buffer, or a file: URL. */
export function pathOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof URL) return value.protocol === 'file:' ? fileURLToPath(value) : value.href;
  if (value instanceof Uint8Array) return Buffer.from(value).toString();
  return undefined;
}

/**
 * An options argument's `flag` (`flags` for streams), or `fallback`: readFile-style options are a
 * string (an encoding) or an object.
 */
export function flagOf(options: unknown, fallback: string, name = 'flag'): string | number {
  if (typeof options === 'object' && options !== null) {
    const flag = (options as Record<string, unknown>)[name];
    if (typeof flag === 'string' || typeof flag === 'number') return flag;
  }
  return fallback;
}

/** The string arguments of a spawn-like call: its array of arguments, if it has one. */
export function argvOf(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
