import { builtinModules, isBuiltin } from 'node:module';
import { nearestNames } from '../internal/nearest-name.js';
import { warn } from '../internal/warning.js';

/**
 * A `node:` name this Node does not have is accepted (a builtin of another Node version, such as
 * `node:sqlite` on Node 20, is like a package that is not installed), but one a builtin's name is
 * a slip away from (`node:fss`) is most likely a typo, whose hook, mock or redirect would
 * silently never apply: a `HooklineWarning` names the builtin it probably meant.
 *
 * @example
 * ```ts
 * warnIfMistypedBuiltin('node:fss', 'onImport("node:fss")'); // warns: did you mean "node:fs"?
 * ```
 */
export function warnIfMistypedBuiltin(key: string, where: string): void {
  if (!key.startsWith('node:') || isBuiltin(key)) return;
  const meant = nearestNames(key, builtinKeys());
  if (meant.length === 0) return;
  warn(
    `${where}: Node ${process.version} has no builtin "${key}", so this never applies; did you mean ${meant.map((name) => `"${name}"`).join(' or ')}?`,
  );
}

/** Every builtin this Node has, as `node:<name>`. */
function builtinKeys(): string[] {
  return builtinModules.map((name) => (name.startsWith('node:') ? name : `node:${name}`));
}
