import { isModuleNamespace } from '../../internal/errors.js';
import { fileUrlOf } from '../../internal/file-url.js';
import { nodeModulesPackage } from '../../internal/package-json.js';
import { warn } from '../../internal/warning.js';
import { expectReexports, instrumentationFor, maySelectRequired } from '../dispatch.js';
import { instrumentCached } from '../esm/instrument-cache.js';
import { hasModuleSyntax } from '../esm/module-syntax.js';
import { hasInThreadHooks } from '../install.js';
import { inPnpArchive } from '../pnp-package.js';
import { registry } from '../registry.js';
import type { CjsModule } from './cjs-module.js';
import { noteImportsUnseen, warnOfUnseenImports } from './required-esm-imports.js';

/**
 * A source of unknown format that Node will run as an ES module and a hook selected, instrumented
 * as one Node was told is an ES module is (its handlers then get the module namespace, with
 * `format: 'module'`, not CommonJS exports). `undefined` for CommonJS, which goes on unchanged,
 * and for a module no hook selects, which costs a lookup: only selected ones are read. On Node 20
 * the imports such a module hides from the hooks are named in a warning, as for a `.mjs` file.
 */
export function detectedModule(content: string, filename: string): string | undefined {
  if (registry.importHooks.size === 0 || !maySelectRequired(filename)) return undefined;
  const url = fileUrlOf(filename);
  const specifiers = instrumentationFor(url);
  if (specifiers === undefined || !hasModuleSyntax(content)) return undefined;
  if (!hasInThreadHooks()) {
    // Node compiles it as it is, finding it an ES module by its syntax.
    if (inPnpArchive(filename)) return warnUnhookableInArchive(filename);
    warnOfUnseenImports(content, filename);
    noteImportsUnseen(url);
  }
  return instrumentSelected(content, url, specifiers);
}

/** Whether Node ran what it compiled as an ES module: `require` then gives its namespace. */
export function ranAsEsModule(module: CjsModule): boolean {
  const exports = module.exports;
  return typeof exports === 'object' && exports !== null && isModuleNamespace(exports);
}

/** An ES module loaded by require() on Node 20, which a hook selected: instrumented in place. */
export function instrumentRequiredModule(content: string, filename: string): string {
  const url = fileUrlOf(filename);
  const specifiers = instrumentationFor(url);
  if (!specifiers) return content;
  if (!hasInThreadHooks()) {
    if (inPnpArchive(filename)) return warnUnhookableInArchive(filename) ?? content;
    noteImportsUnseen(url);
  }
  return instrumentSelected(content, url, specifiers);
}

/**
 * Node 20 resolves the imports of an ES module that `require()` loads with its own resolution,
 * not the loaders', and that cannot see into Yarn Plug'n'Play's zip archives; an instrumented
 * module imports itself, so hooking it would make the require fail. It loads as it is (Yarn's
 * runtime gives Node 20 no package.json to read there either: its format is told by its syntax).
 */
function warnUnhookableInArchive(filename: string): undefined {
  const url = fileUrlOf(filename);
  const name = nodeModulesPackage(filename)?.name ?? '<package>';
  warn(
    `hookline cannot hook ${url}, which require() loads from a Yarn Plug'n'Play zip archive: Node ${process.versions.node} resolves what a required ES module imports without Yarn's loader, and a hooked module imports itself. It loads unhooked. Load it with import() instead, unplug its package (yarn unplug ${name}), or run on Node 22.15+ or 24`,
  );
  return undefined;
}

/** The source of an ES module a hook selected, instrumented; as it was if that fails (warned). */
function instrumentSelected(content: string, url: string, specifiers: readonly string[]): string {
  try {
    const instrumented = instrumentCached(content, url, specifiers);
    if (!instrumented) return content;
    expectReexports(url, instrumented.reexportSources);
    return instrumented.code;
  } catch (error) {
    warn(`hookline could not hook ${url}; it loads unpatched`, error);
    return content;
  }
}
