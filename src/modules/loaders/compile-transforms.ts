import { debug } from '../../internal/debuglog.js';
import { fileUrlOf } from '../../internal/file-url.js';
import { hasModuleSyntax } from '../esm/module-syntax.js';
import { registry } from '../registry.js';
import { schemeOf } from '../scheme.js';
import {
  explainCommonJsError,
  explainEsModuleError,
  explainFormatChange,
  explainThrownInRewritten,
} from '../transform-errors.js';
import { sourceForRequireOfImported } from '../transform-imported.js';
import { matchingTransforms, runTransforms, transformedForImport } from '../transform-source.js';

/**
 * A source after the transforms that select its file, if any. `detect`: the format is for Node to
 * tell from the syntax, which is read only when a transform selects the file. `typeScript`: Node
 * was given it as TypeScript, to strip of its types after.
 */
export function transformed(
  content: string,
  filename: string,
  format: 'module' | 'commonjs' | 'detect',
  typeScript: boolean,
): string {
  if (registry.transforms.size === 0) return content;
  const url = transformUrlOf(filename);
  // An imported CommonJS module the in-thread load hook transformed already.
  if (transformedForImport(url, content)) return content;
  const transforms = matchingTransforms(url);
  if (transforms.length === 0) return content;
  const told = format === 'detect' ? (hasModuleSyntax(content) ? 'module' : 'commonjs') : format;
  // An ES module an import loaded: Node reads it again for the require, and uses the module the
  // import made.
  const again =
    told === 'module' ? sourceForRequireOfImported(url, transforms, content) : undefined;
  return again ?? runTransforms(content, { url, format: told, typeScript }, transforms);
}

/** The URL a transform's filter sees for a module `_compile` gets. */
function transformUrlOf(filename: string): string {
  // A scheme's CommonJS module runs under its URL (`repo:x.cjs`), a file under its path.
  return registry.schemes.size > 0 && schemeOf(filename) ? filename : fileUrlOf(filename);
}

/**
 * What a module's compile threw, told as what a transform returned where it was: the module's
 * own SyntaxError (or, for an ES module that `require` loads, one of the modules it imports), or
 * an error thrown in rewritten code as it ran.
 */
export function explainTransformed(error: unknown, filename: string, since: number): void {
  try {
    const url = transformUrlOf(filename);
    explainCommonJsError(error, filename, url);
    explainFormatChange(error, filename, url);
    explainEsModuleError(error, since, url);
    explainThrownInRewritten(error);
  } catch (failure) {
    debug("explaining a transformed module's error failed: %s", failure);
  }
}
