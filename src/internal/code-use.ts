import { shareGlobally } from './global-slot.js';

/**
 * The parts of hookline's code a run used, for its code cache (cached-script.ts). V8's cache of a
 * script holds the functions compiled in the run that made it: a run that uses a part that run did
 * not (the first run only audited, the next instruments an ES module) compiles that part at every
 * start until the cache is made again with it. So each part says when it is used, and a run that
 * used one its cache lacked makes the cache anew as it exits: after a few runs it holds all the
 * parts the program uses. Shared through a global symbol: the code cache's reader runs in
 * hookline's ES module chunk, the parts in its bundled core.
 */
const key = Symbol.for('hookline.internal.codeUse.v1');
const globalRecord = globalThis as unknown as Record<symbol, { parts: number } | undefined>;

const state = globalRecord[key] ?? shareGlobally(key, { parts: 0 });

/** The parts, one bit each: a public function, or a kind of module a hook changed. */
export const CodePart = {
  onImport: 1 << 0,
  auditImports: 1 << 1,
  mockModule: 1 << 2,
  redirect: 1 << 3,
  registerScheme: 1 << 4,
  httpRepository: 1 << 5,
  transform: 1 << 6,
  lazyImport: 1 << 7,
  commonJsHooked: 1 << 8,
  builtinHooked: 1 << 9,
  esModuleHooked: 1 << 10,
} as const;

/**
 * Notes that this run uses `part` (a bit of {@link CodePart}): a bitwise or, cheap enough for the
 * public functions and for each module a hook changes.
 *
 * @example
 * ```ts
 * useCode(CodePart.auditImports);
 * ```
 */
export function useCode(part: number): void {
  state.parts |= part;
}

/**
 * The parts this run has used, as a mask of {@link CodePart} bits.
 *
 * @example
 * ```ts
 * if ((codeUsed() & ~cachedParts) !== 0) remakeCache();
 * ```
 */
export function codeUsed(): number {
  return state.parts;
}
