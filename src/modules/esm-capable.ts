import { dirname, join } from 'node:path';
import { readFileSync } from '../internal/fs.js';
import { isBareSpecifier, packageNameOf } from './matcher.js';

/**
 * Whether a module name may load as an ES module, judged from its installed package.json:
 * `"type": "module"`, an `import` condition in `exports`, or an `.mjs` entry. Unknown names
 * (not installed where the program runs) count as "may". On Node 20 this decides whether a hook
 * needs Node's loader thread, which costs start-up time, or the CommonJS loader is enough.
 */
export function mayLoadAsEsm(name: string): boolean {
  if (name.startsWith('node:')) return false;
  if (!isBareSpecifier(name)) return true;
  const manifest = findManifest(packageNameOf(name));
  if (!manifest) return true;
  const { type, main, exports } = manifest as { type?: unknown; main?: unknown; exports?: unknown };
  if (type === 'module') return true;
  if (typeof main === 'string' && main.endsWith('.mjs')) return true;
  return hasEsmCondition(exports);
}

function hasEsmCondition(exports: unknown): boolean {
  if (typeof exports === 'string') return exports.endsWith('.mjs');
  if (Array.isArray(exports)) return exports.some(hasEsmCondition);
  if (typeof exports !== 'object' || exports === null) return false;
  for (const [key, value] of Object.entries(exports)) {
    if (key === 'import' || key === 'module-sync' || hasEsmCondition(value)) return true;
  }
  return false;
}

function findManifest(packageName: string): unknown {
  const starts = new Set([process.cwd(), ...(process.argv[1] ? [dirname(process.argv[1])] : [])]);
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      try {
        return JSON.parse(
          readFileSync(join(dir, 'node_modules', packageName, 'package.json'), 'utf8'),
        );
      } catch {
        // Not installed in this folder (or unreadable): look one folder up, as Node does.
      }
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}
