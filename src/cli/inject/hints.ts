/**
 * The ways to load a module from injected code, which runs in the process's global scope: no
 * `require` there (a CommonJS program has one per module, not a global one), and no `import()`
 * (the inspector compiles the code with no module loader to call).
 */
const LOADING = [
  "Code injected runs in the process's global scope, which has no require() and no import():",
  "  Node's modules:  process.getBuiltinModule('node:fs')",
  "  a package:       process.getBuiltinModule('node:module').createRequire(process.cwd() + '/')('name')",
].join('\n');

/** `error`, the text of an error the code threw, with how to do what it tried where that helps. */
export function withHint(error: string): string {
  const loading =
    /^ReferenceError: require is not defined\b/.test(error) ||
    /ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING|A dynamic import callback was not specified/.test(
      error,
    );
  return loading ? `${error}\n${LOADING}` : error;
}
