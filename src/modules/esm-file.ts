import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from '../internal/fs.js';
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

/**
 * Whether a mock stands for a CommonJS file of the program (`.cjs`, `.cts`, or a `.js` file Node
 * does not run as an ES module): an import of it then gets the whole mock as its default export,
 * as Node gives a CommonJS module's `module.exports`, whatever `default` key it has. A `.js` file
 * yet to be written, under a package.json with no `"type"`, has no format yet: not one.
 */
export function mocksCommonJsFile(key: string | undefined): boolean {
  if (key === undefined || !key.startsWith('file:')) return false;
  const path = fileURLToPath(key);
  if (path.endsWith('.cjs') || path.endsWith('.cts')) return true;
  if (!path.endsWith('.js')) return false;
  const type = packageOf(path)?.type;
  if (type !== undefined) return type !== 'module';
  return existsSync(path) && !ranAsEsm(path);
}
