import { createRequire } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { readFileSync } from '../internal/fs.js';
import { internally } from '../internal/own-loads.js';
import { mayHaveModuleSyntax } from './esm/module-syntax.js';
import { isBareSpecifier, packageNameOf } from './matcher.js';
import { installedPackage, type Manifest } from './package-exports.js';

/**
 * Whether a module name may load as an ES module, judged from its installed package.json:
 * `"type": "module"`, an `import` condition in `exports`, or an `.mjs` entry — or, in a package
 * with no `"type"`, where Node tells the format from the syntax, an entry whose text looks like an
 * ES module. Unknown names (not installed where the program runs) count as "may". On Node 20 this
 * decides whether a hook needs Node's loader thread, which costs start-up time, or the CommonJS
 * loader is enough.
 */
export function mayLoadAsEsm(name: string): boolean {
  if (name.startsWith('node:')) return false;
  if (!isBareSpecifier(name)) return true;
  const manifests = findManifests(packageNameOf(name));
  // Where the program and the working directory see different copies, any of them may load.
  return (
    manifests.length === 0 ||
    manifests.some(
      ({ manifest, from }) => isEsmCapable(manifest) || isDetectedEsm(manifest, name, from),
    )
  );
}

function isEsmCapable({ type, main, exports }: Manifest): boolean {
  if (type === 'module') return true;
  if (typeof main === 'string' && main.endsWith('.mjs')) return true;
  return hasEsmCondition(exports);
}

/**
 * A package with no `"type"`: Node loads its `.js` files as ES modules when their syntax says so
 * (Node 20.19+, 22.7+), so the file `name` leads to is read. Only its text is tested, without
 * the module lexer; a CommonJS file that only mentions `import` costs a needless loader thread.
 */
function isDetectedEsm(manifest: Manifest, name: string, from: string): boolean {
  if (manifest.type !== undefined) return false;
  try {
    const filename = internally(() => createRequire(join(from, 'noop.js')).resolve(name));
    if (filename.endsWith('.cjs') || filename.endsWith('.json') || filename.endsWith('.node')) {
      return false;
    }
    return mayHaveModuleSyntax(readFileSync(filename, 'utf8'));
  } catch {
    // No file to read (a package of types only, or `exports` that hide it): the hook never fires.
    return false;
  }
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

/** A package's manifest, and the folder it was found from. */
interface Found {
  readonly manifest: Manifest;
  readonly from: string;
}

/** The package's manifest as seen from the entry script's folder and from the working directory. */
function findManifests(packageName: string): Found[] {
  const starts = new Set([
    ...(process.argv[1] ? [dirname(resolvePath(process.argv[1]))] : []),
    process.cwd(),
  ]);
  const found: Found[] = [];
  for (const start of starts) {
    const manifest = installedPackage(packageName, start)?.manifest;
    if (manifest !== undefined) found.push({ manifest, from: start });
  }
  return found;
}
