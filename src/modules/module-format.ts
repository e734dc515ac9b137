/**
 * Whether Node loads a module of this format as an ES module: JavaScript, or TypeScript that Node
 * strips of its types after the load hooks (Node 22.18+ and 24), which hookline hooks the same way.
 */
export function isEsModuleFormat(format: string | null | undefined): boolean {
  return format === 'module' || format === 'module-typescript';
}

/**
 * Whether a module given to Node in this format is TypeScript, which Node strips of its types
 * after the load hooks (`typescript` is the format `module._compile` gets for a `.ts` file of a
 * package without `"type"`). What a TypeScript loader compiled (tsx) comes as `module` or
 * `commonjs`, or with no format on Node 20.
 */
export function isTypeScriptFormat(format: unknown): boolean {
  return (
    format === 'module-typescript' || format === 'commonjs-typescript' || format === 'typescript'
  );
}

/**
 * Whether a module of this format is in the ES module graph but has no JavaScript source to
 * instrument: WebAssembly (`--experimental-wasm-modules`) and native addons
 * (`--experimental-addon-modules`), whose exports their runtime binds, not a script.
 */
export function isUninstrumentableFormat(format: string | null | undefined): boolean {
  return format === 'wasm' || format === 'addon';
}

/**
 * What hooks that select such a module are told: they cannot apply, and what can. Said rather
 * than leaving the handler never to run, which looks like a hook that failed to match.
 */
export function uninstrumentableMessage(
  url: string,
  format: string,
  specifiers: readonly string[],
): string {
  const kind = format === 'wasm' ? 'a WebAssembly module' : 'a native addon';
  const names = specifiers.map((s) => JSON.stringify(s)).join(', ');
  return `${url} is ${kind}: its exports are bindings no JavaScript declares, which hookline cannot change, so the onImport handlers that select it (as ${names}) do not run on it. Hook the ES module that imports it instead, or replace it with mockModule`;
}
