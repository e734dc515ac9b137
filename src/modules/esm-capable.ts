import { dirname, join, resolve as resolvePath } from 'node:path';
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
  const manifests = findManifests(packageNameOf(name));
  // Where the program and the working directory see different copies, any of them may load.
  return manifests.length === 0 || manifests.some(isEsmCapable);
}

function isEsmCapable(manifest: unknown): boolean {
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

/** The package's manifest as seen from the entry script's folder and from the working directory. */
function findManifests(packageName: string): unknown[] {
  const starts = new Set([
    ...(process.argv[1] ? [dirname(resolvePath(process.argv[1]))] : []),
    process.cwd(),
  ]);
  const found: unknown[] = [];
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      const manifest = readManifest(join(dir, 'node_modules', packageName, 'package.json'));
      if (manifest !== undefined) {
        found.push(manifest);
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  return found;
}

function readManifest(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // Not installed in this folder (or unreadable): the caller looks one folder up, as Node does.
    return undefined;
  }
}
