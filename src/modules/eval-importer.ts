/**
 * How the audit names code given with `-e`/`--eval`, `-p`/`--print` or on stdin, as Node names
 * it. Node runs such CommonJS code as a module of the file `[eval]` (`[stdin]`) in the working
 * folder, and such ES module code at the URL `file:///<folder>/[eval1]`; it also makes each
 * builtin a global there (`os.cpus()` with no require), read through a module of its own,
 * `<eval>`, which has no file.
 */
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { structuredStack } from '../internal/call-site.js';

/** The file name, or URL, Node gives code passed as a program (`[eval]`, `[stdin]`, `[eval1]`). */
const EVAL_NAME = /^(?:file:\/\/.*\/)?\[(?:eval|stdin)\d*\]$/;

/** The same, at the end of a URL that `pathToFileURL` made of the module's path. */
const ENCODED_EVAL_NAME = /\/%5B((?:eval|stdin)\d*)%5D$/;

/**
 * `importer` as Node names the code, where it is code given as a program: Node's URL for
 * ES module code keeps the brackets (`file:///<folder>/[eval1]`, its `import.meta.url`), while a
 * URL made of the CommonJS module's path (`/<folder>/[eval]`) encodes them; told one way,
 * `file:///<folder>/[eval]`, on every Node.
 */
export function asEvalNamed(importer: string): string {
  if (typeof (process as { _eval?: unknown })._eval !== 'string') return importer;
  return importer.replace(ENCODED_EVAL_NAME, '/[$1]');
}

/** Whether `parent`, a `require`'s module, is Node's `<eval>`, which reads builtins named as globals. */
export function isEvalGlobalsModule(parent: unknown): boolean {
  return (parent as { id?: unknown } | null | undefined)?.id === '<eval>';
}

/**
 * Who read a builtin named as a global in code given as a program: the URL of that code, or
 * `undefined` where none of it is on the stack. Then Node read it: as it starts that code, Node
 * reads `globalThis.module` (the `module` builtin's global until it sets the code's own module
 * there), a request nobody wrote. Reads the stack, once for each builtin (the global then holds
 * the builtin).
 */
export function evalGlobalReader(callee: Function): string | undefined {
  for (const frame of structuredStack(callee, 64)) {
    const file = frame.getFileName();
    if (!file || !EVAL_NAME.test(file)) continue;
    if (file.startsWith('file:')) return asEvalNamed(file);
    // CommonJS code: its frames name it `[eval]`; its module has the path in the working folder.
    const path = codeModulePath() ?? join(process.cwd(), file);
    return asEvalNamed(pathToFileURL(path).href);
  }
  return undefined;
}

/** The path of the module Node runs CommonJS code given as a program in, where it set it. */
function codeModulePath(): string | undefined {
  // Read as a data property: while it is still the `module` builtin's getter, reading it loads it.
  const module = Object.getOwnPropertyDescriptor(globalThis, 'module')?.value as
    | { filename?: unknown }
    | undefined;
  const filename = module?.filename;
  return typeof filename === 'string' && EVAL_NAME.test(basename(filename)) ? filename : undefined;
}
