/** hookline's own folder (`dist/`): its functions are not the program's. */
const ownCode = new URL('../', import.meta.url).href;

/**
 * Whether `url` is one of hookline's own files, whose functions a profile or coverage of the
 * program leaves out of its summary (a profile's start and stop run some of them).
 *
 * @example
 * ```ts
 * isOwnCode(import.meta.url); // true here; false for the program's files and node: modules
 * ```
 */
export function isOwnCode(url: string): boolean {
  return url.startsWith(ownCode);
}
