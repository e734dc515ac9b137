import { describeValue, HooklineError, HooklineTypeError } from '../internal/errors.js';
import { RUNTIME_KEY } from './esm/runtime-key.js';
import { hasInThreadHooks } from './install.js';
import { registry, type SchemeEntry } from './registry.js';
import { sourceText } from './source-text.js';
import type { SchemeModule } from './types.js';

export {
  fromProgram,
  noteProgramBase,
  noteRequiredSchemeModule,
  noteSchemeImporter,
  programBase,
  programFolder,
  resolveInScheme,
  schemeParent,
  unresolvedFromScheme,
} from './scheme-url.js';

/** The registered scheme a URL or specifier uses (`repo:team/x` → the `repo:` entry). */
export function schemeOf(specifier: string): SchemeEntry | undefined {
  if (registry.schemes.size === 0) return undefined;
  const colon = specifier.indexOf(':');
  return colon > 0 ? registry.schemes.get(specifier.slice(0, colon + 1)) : undefined;
}

/** The format of a scheme module: the loader's, or from the URL's extension. */
export function formatOf(url: string, module: SchemeModule): 'module' | 'commonjs' | 'json' {
  if (module.format) return module.format;
  // The extension is the path's: `repo:team/data.json?v=2` is JSON.
  const path = url.replace(/[?#].*$/s, '');
  if (path.endsWith('.cjs')) return 'commonjs';
  if (path.endsWith('.json')) return 'json';
  return 'module';
}

/**
 * A scheme's JSON module for a `require` whose URL does not end in `.json` (`repo:data.json?v=2`,
 * or a loader's `format: 'json'`): Node's `require` picks how to load by the URL's extension and
 * would compile the JSON as JavaScript whatever format the load hook gave, so it is given a
 * CommonJS module that parses it. The hooks that select it are told it is JSON.
 */
export function jsonForRequire(
  url: string,
  source: string | Uint8Array,
): { format: 'commonjs'; source: string; shortCircuit: true } {
  jsonRequiredAsCommonJs.add(url);
  const text = JSON.stringify(sourceText(source));
  return {
    format: 'commonjs',
    source: `module.exports = JSON.parse(${text});`,
    shortCircuit: true,
  };
}

const jsonRequiredAsCommonJs = new Set<string>();

/** Whether `url` is a scheme's JSON module that {@link jsonForRequire} gave `require`. */
export function isJsonRequiredAsCommonJs(url: string): boolean {
  return jsonRequiredAsCommonJs.has(url);
}

/** Checks what a loader returned, so a bad loader gets a message naming it. */
export function checkSchemeModule(url: string, value: unknown): SchemeModule {
  const module = value as Partial<SchemeModule> | null;
  if (
    module === null ||
    typeof module !== 'object' ||
    (typeof module.source !== 'string' && !(module.source instanceof Uint8Array)) ||
    (module.format !== undefined && !['module', 'commonjs', 'json'].includes(module.format))
  ) {
    throw new HooklineTypeError('ERR_HOOKLINE_SCHEME_LOAD', {
      where: `the loader of ${url}`,
      expected: "{ source: string | Uint8Array, format?: 'module' | 'commonjs' | 'json' }",
      received: describe(value),
      fix: 'Return the module source from the loader, for example { source: "export default 1" }.',
    });
  }
  return module as SchemeModule;
}

/** What is wrong with a loader's answer: what it is, or the field of it that is not right. */
function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return describeValue(value);
  const { source, format } = value as { source?: unknown; format?: unknown };
  if (source === undefined) {
    return `an object without source (its keys: ${Object.keys(value).join(', ') || 'none'})`;
  }
  if (typeof source !== 'string' && !(source instanceof Uint8Array)) {
    return `an object whose source is ${describeValue(source)}`;
  }
  return `an object whose format is ${typeof format === 'string' ? `'${format}'` : describeValue(format)}`;
}

/**
 * Calls a scheme's loader where only a synchronous answer can be used, and refuses an answer the
 * caller cannot load: an ES module for `require` where only the CommonJS loader serves it
 * (no in-thread hooks: Node 20, 22 before 22.15), which cannot run one.
 */
export function loadSchemeSync(entry: SchemeEntry, url: string, how: string): SchemeModule {
  const result = entry.loader(new URL(url));
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    (result as Promise<unknown>).then(undefined, () => {
      // The promise is refused below; its own outcome no longer matters to anyone.
    });
    throw new HooklineTypeError('ERR_HOOKLINE_ASYNC_LOADER', {
      where: `${how} ${url}`,
      expected: synchronousBecause(entry, how),
      received: 'a promise',
      fix: asyncLoaderWayOut(entry),
    });
  }
  const module = checkSchemeModule(url, result);
  if (how === 'require' && !hasInThreadHooks() && formatOf(url, module) === 'module') {
    throw new HooklineError('ERR_HOOKLINE_REQUIRE_ESM', {
      where: `require ${url}`,
      expected: "a CommonJS or JSON module (format 'commonjs' or 'json', or a .cjs or .json path)",
      received: 'an ES module',
      fix: `require() on Node ${process.versions.node} cannot load an ES module from a scheme; import it instead.`,
    });
  }
  return module;
}

/**
 * Why a loader must answer synchronously: `require`, and `import` where modules load in-thread,
 * cannot wait; Node 20's loader thread could, but only for a scheme that said so, since the
 * program that relied on it would fail at its first import on Node 24.
 */
function synchronousBecause(entry: SchemeEntry, how: string): string {
  if (how === 'import' && !hasInThreadHooks()) {
    return `a synchronous loader for ${entry.scheme} (it was registered without { async: true })`;
  }
  return `a synchronous loader for ${entry.scheme}, since ${how} loads synchronously`;
}

/**
 * The way out of a loader's promise, for the Node it runs on and the scheme's registration: only
 * where ES modules load on Node's loader thread can `{ async: true }` help (registration refuses
 * it elsewhere), and only for `import`.
 */
function asyncLoaderWayOut(entry: SchemeEntry): string {
  if (entry.async) {
    // Registered so already (Node 20 only): what can wait for its promise is an import.
    return `Load the modules of ${entry.scheme} with import or import(), which wait for its promise on this Node, or return { source, format } synchronously (httpRepository() does).`;
  }
  if (hasInThreadHooks()) {
    return `Return { source, format } synchronously, as httpRepository() does (it fetches through a helper thread): on Node ${process.versions.node} modules load in-thread, and no hook can wait for a promise while one loads.`;
  }
  return 'Return { source, format } synchronously (httpRepository() does), or register the scheme with { async: true } and load it with import.';
}

/**
 * CommonJS scheme modules an `import` fetched on Node 20, by URL, until the `require` their
 * stand-in makes takes them (see {@link commonJsStandIn}): the loader runs once per module.
 */
const importedCommonJs = new Map<string, SchemeModule>();

/** The CommonJS module an `import` of `url` fetched and has yet to run, taken once. */
export function takeImportedCommonJs(url: string): SchemeModule | undefined {
  const module = importedCommonJs.get(url);
  importedCommonJs.delete(url);
  return module;
}

/** How the CommonJS loader runs a scheme module for the stand-in below: set where it installs. */
let requireForImport: ((url: string) => unknown) | undefined;

export function setSchemeRequireForImport(require: (url: string) => unknown): void {
  requireForImport = require;
}

/** The exports of CommonJS scheme module `url`, run for the stand-in an `import` of it runs. */
export function requireImportedCommonJs(url: string): unknown {
  if (!requireForImport)
    throw new Error(`hookline cannot run ${url}: its CommonJS loader is not installed`);
  return requireForImport(url);
}

/**
 * What Node 20 runs for an `import` of a CommonJS module from a scheme: a stand-in that runs it
 * through the CommonJS loader. Node 20 would run the source itself with a `require` that resolves
 * through `file:` paths only, so `require('./d.cjs')` inside `repo:team/c.cjs` failed. `require`
 * and `import` then share one instance, as they do for a file. The module's own source follows,
 * never run, on the stand-in's first line, so that Node's lexer finds its named exports.
 */
export function commonJsStandIn(url: string, module: SchemeModule): string {
  importedCommonJs.set(url, module);
  const source = sourceText(module.source).replace(/^#!.*/, '');
  const runtime = `globalThis[Symbol.for(${JSON.stringify(RUNTIME_KEY)})]`;
  return `module.exports = ${runtime}.requireImportedCommonJs(${JSON.stringify(url)}); if (false) {${source}\n}`;
}
