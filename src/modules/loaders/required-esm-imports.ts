import { pathToFileURL } from 'node:url';
import { listed } from '../../internal/listed.js';
import { inNamedPackage } from '../../internal/package-json.js';
import { warn } from '../../internal/warning.js';
import { flushEarlierEvents } from '../audit.js';
import { lexer } from '../esm/lexer.js';
import { lexable, mayHaveModuleSyntax } from '../esm/module-syntax.js';
import { unresolvedFileUrl } from '../file-key.js';
import { moduleKey } from '../matcher.js';
import { hookedNamesByPlace } from '../package-entry.js';
import { registry } from '../registry.js';

/** `file \0 specifier` already warned about: one warning each, however often it loads. */
const warned = new Set<string>();
let auditWarned = false;

/**
 * ES modules (URLs) that require() loaded on Node 20 and a hook instrumented: their imports
 * bypassed the hooks.
 */
const importsUnseen = new Set<string>();

/** Records that the imports of the ES module at `url`, required on Node 20, bypassed the hooks. */
export function noteImportsUnseen(url: string): void {
  importsUnseen.add(url);
}

/**
 * Whether the ES module at `url` was loaded by require() on Node 20, so that the modules it
 * imports (and re-exports) loaded without any hook: a handler cannot change what it re-exports.
 */
export function importsWereUnseen(url: string): boolean {
  return importsUnseen.has(url);
}

/**
 * ES modules (URLs) Node's loader thread resolved imports of, as it reported: they loaded through
 * the ES module loader, and a require() of one later gets that module, its imports seen.
 */
const importsSeen = new Set<string>();

/** Records that the loader thread resolved imports of the ES module at `url`. */
export function noteImportsSeen(url: string): void {
  importsSeen.add(url);
}

/** Whether anything would want to see what a required ES module imports: hooks, mocks, the audit. */
export function importsWatched(): boolean {
  return (
    registry.importHooks.size > 0 ||
    registry.mocks.size > 0 ||
    registry.redirects.size > 0 ||
    registry.auditors.size > 0
  );
}

/**
 * Node 20 loads the modules that an ES module loaded by `require()` imports without consulting
 * any module hook: its ES module hooks run on the loader thread, and `require(esm)` links the
 * graph on the main thread without asking it. hookline sees the required module itself (its
 * source passes through `Module.prototype._compile`), not what it imports. Rather than let a
 * hook, mock or redirect that selects one of those imports fail in silence, this names it.
 * With `unknownFormat` (Node was told no format: a `.js` file whose package.json has no `"type"`),
 * only if its syntax made it an ES module.
 */
export function warnOfUnseenImports(source: string, filename: string, unknownFormat = false): void {
  if (!importsWatched()) return;
  // A file of a package hooks name may reach a hooked subpath by its own relative import.
  const inHookedPackage =
    registry.packageNames.size > 0 && inNamedPackage(filename, registry.packageNameList) === true;
  if (!inHookedPackage && !mayImportSelected(source)) return;
  // A CommonJS module whose exports are a required ES module's namespace looks the same from
  // outside: its source tells, and most fail this text test before any parse.
  if (unknownFormat && !mayHaveModuleSyntax(source)) return;
  let specifiers: string[];
  try {
    const [imports, , , isModule] = lexer().parse(lexable(source));
    if (unknownFormat && !isModule) return;
    // Static imports only: import() goes through the loader thread, hooks and all.
    specifiers = imports.flatMap((entry) =>
      (entry.type === 'static' || entry.type === 'reexport-star') && !entry.typeOnly
        ? [entry.specifier]
        : [],
    );
  } catch {
    // Not parsable: Node's own compile reports the syntax error next.
    return;
  }
  const url = pathToFileURL(filename).href;
  // An ES module that import() loaded before: require() gets that one, whose imports were seen.
  flushEarlierEvents();
  if (importsSeen.has(url)) return;
  // One warning per module, however many of its imports are selected (lodash-es has 300).
  const unseen: string[] = [];
  const selectors = new Set<string>();
  for (const specifier of specifiers) {
    const what = selectedBy(specifier, url);
    const key = `${filename}\0${specifier}`;
    if (what === undefined || warned.has(key)) continue;
    warned.add(key);
    unseen.push(`"${specifier}"`);
    selectors.add(what);
  }
  if (unseen.length > 0) {
    const which = [...selectors].join(' and ');
    warn(
      `hookline cannot see ${listed(unseen)}, imported by ${filename}, which ${which} ${selectors.size > 1 ? 'select' : 'selects'}: on ` +
        'Node 20, the imports of an ES module loaded by require() bypass module hooks. Load ' +
        `${filename} with import() instead, or run Node 22.15+`,
    );
  }
  if (registry.auditors.size > 0 && specifiers.length > 0 && !auditWarned) {
    auditWarned = true;
    warn(
      `auditImports does not see what ${filename} imports: on Node 20, the imports of an ES ` +
        'module loaded by require() bypass module hooks. Load it with import() instead, or run ' +
        'Node 22.15+',
    );
  }
}

/**
 * Whether the source may import something a registration selects, told from its text: loading
 * the lexer costs a CommonJS program more than the parse (its memory brings garbage collection
 * forward), so a module that names nothing selected is not parsed.
 */
function mayImportSelected(source: string): boolean {
  if (registry.patternHooks.size > 0) return true;
  if (registry.auditors.size > 0 && !auditWarned && /\b(?:import|from)\s*['"{*\w]/.test(source)) {
    return true;
  }
  for (const map of [registry.hooksByName, registry.mocks, registry.redirects]) {
    for (const key of map.keys()) {
      // A file is imported by a relative path that ends with its name (extension optional).
      const name = key.startsWith('file:')
        ? key.slice(key.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '')
        : key;
      if (source.includes(name)) return true;
    }
  }
  return false;
}

/** The kind of registration that selects `specifier` imported from `parentUrl`, if any. */
function selectedBy(specifier: string, parentUrl: string): string | undefined {
  const keys = [moduleKey(specifier)];
  const file = unresolvedFileUrl(specifier, parentUrl);
  if (file !== undefined) keys.push(file);
  for (const key of keys) {
    if (registry.mocks.has(key)) return 'mockModule()';
    if (registry.redirects.has(key)) return 'redirect()';
    if (registry.hooksByName.has(key)) return 'onImport()';
  }
  // A package's file imported by a relative path, which a hook names by its place in the package
  // (`eo/impl` for `./impl.js`).
  if (file !== undefined && registry.packageNames.size > 0) {
    const hooked = (name: string) => registry.hooksByName.has(name);
    if (hookedNamesByPlace(file, registry.packageNameList, hooked).length > 0) return 'onImport()';
  }
  if (registry.patternHooks.size > 0 && registry.hooksFor(specifier).length > 0) {
    return 'onImport()';
  }
  return undefined;
}
