import { readFileSync } from '../internal/fs.js';
import { packageOf } from '../internal/package-json.js';
import { hasModuleSyntax } from './esm/module-syntax.js';

/**
 * Whether Node ran a file as an ES module: `.mjs`, `.js` under `"type": "module"`,
 * or `.js` under a package.json with no `"type"` whose syntax made it one (read only then).
 */
export function ranAsEsm(path: string): boolean {
  if (path.endsWith('.mjs')) return true;
  if (!path.endsWith('.js')) return false;
  const type = packageOf(path)?.type;
  if (type !== undefined) return type === 'module';
  try {
    return hasModuleSyntax(readFileSync(path, 'utf8'));
  } catch {
    // Gone since it loaded: nothing to say about it.
    return false;
  }
}
