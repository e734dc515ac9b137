import { fileUrlOf } from '../../internal/file-url.js';
import { commonJsEvaluated, resolved } from '../dispatch.js';
import { registry } from '../registry.js';
import {
  formatOf,
  loadSchemeSync,
  noteSchemeImporter,
  programFolder,
  resolveInScheme,
  schemeOf,
  takeImportedCommonJs,
} from '../scheme.js';
import { sourceText } from '../source-text.js';
import { type CjsModule, M } from './cjs-module.js';

/**
 * A CommonJS module from a scheme requires packages as from the program file that imported it,
 * the base its imports use too (Node would look beside its URL, from the working directory).
 */
export function lookFromProgram(module: CjsModule): void {
  if (typeof module.filename === 'string' && schemeOf(module.filename)) {
    module.paths = M._nodeModulePaths(programFolder(module.filename));
  }
}

/** The scheme URL `request` names, made by `parent` or not, if it names one. */
export function schemeRequest(
  request: string,
  parent: CjsModule | null | undefined,
): string | undefined {
  if (parent?.filename && schemeOf(parent.filename)) {
    const url = resolveInScheme(request, parent.filename);
    if (url !== undefined) return url;
  }
  return schemeOf(request) ? request : undefined;
}

/** Runs scheme module `url` for the stand-in of an import of it (Node 20: see commonJsStandIn). */
export function requireImportedFromScheme(url: string): unknown {
  // The import was reported as an ES module's, its format unknown until it loaded: hooks that
  // name the module learn it is a CommonJS one.
  if (registry.importHooks.size > 0) resolved(url, undefined, url, 'commonjs', true);
  return requireFromScheme(url, undefined);
}

/**
 * Whether `module` is one Node 20's ES module loader put in require's cache to run the source
 * itself, and has not run: an import of the scheme module that failed before it ran (another
 * module of its graph did not load) leaves it there, empty. Node's own `require` runs such a
 * module rather than answer with it; so does hookline's, for a scheme's.
 */
function madeByEsmLoader(module: CjsModule): boolean {
  return (
    !module.loaded &&
    Object.getOwnPropertySymbols(module).some((key) => key.description === 'kIsCachedByESMLoader')
  );
}

/** `require('repo:team/x')`: a CommonJS (or JSON) module from a scheme, cached by its URL. */
export function requireFromScheme(url: string, parent: CjsModule | null | undefined): unknown {
  const cached = M._cache[url];
  if (cached && !madeByEsmLoader(cached)) return cached.exports;
  const entry = schemeOf(url);
  if (!entry) throw new Error(`no scheme registered for ${url}`);
  const scheme = takeImportedCommonJs(url) ?? loadSchemeSync(entry, url, 'require');
  const format = formatOf(url, scheme);
  const source = sourceText(scheme.source);
  const parentFile = parent?.filename;
  noteSchemeImporter(url, parentFile && !schemeOf(parentFile) ? fileUrlOf(parentFile) : parentFile);
  const module = new M(url, parent);
  module.filename = url;
  lookFromProgram(module);
  M._cache[url] = module;
  try {
    if (format === 'json') module.exports = JSON.parse(source);
    else if (format === 'commonjs') module._compile(source, url);
    else {
      throw new Error(
        `${url} is an ES module, and require() on this Node cannot load an ES module from a scheme; import it instead`,
      );
    }
  } catch (error) {
    delete M._cache[url];
    throw error;
  }
  module.loaded = true;
  // A CommonJS one was handed to its hooks as it compiled; JSON is parsed, not compiled.
  if (format === 'json' && registry.importHooks.size > 0) commonJsEvaluated(module, url, 'json');
  return module.exports;
}
