/**
 * How hooks, mocks and redirects that name a module by its file find it. Used on Node's loader
 * thread too, so it imports nothing of hookline's.
 */

/**
 * The key a module is known by when hooks name it by its file: its `file:` URL without query or
 * hash (`./conf.js?v=2` and `./conf.js` are the same file).
 */
export function fileKey(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * The `file:` URL a relative or absolute specifier names from `parentURL`, for an import that
 * did not resolve (the file does not exist, yet a mock may stand for it); `undefined` for names.
 */
export function unresolvedFileUrl(
  specifier: string,
  parentURL: string | undefined,
): string | undefined {
  const local =
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    specifier.startsWith('/') ||
    specifier.startsWith('file:');
  if (!local || !parentURL?.startsWith('file:')) return undefined;
  try {
    return fileKey(new URL(specifier, parentURL).href);
  } catch {
    // Not a URL even relative to its importer: nothing a file key can name.
    return undefined;
  }
}

/**
 * The module that import-in-the-middle's generated wrapper at `url` stands in front of: the URL
 * without its `iitm` query parameter (`…/index.js?iitm=true` → `…/index.js`); `undefined` for
 * every other module, at the cost of a search for `?` in most. APM agents (OpenTelemetry,
 * Datadog) put such a wrapper before every ES module an import resolves to; it re-exports the
 * module's bindings, and is not the module's code: hooks apply to the module itself, once.
 */
export function wrappedModuleUrl(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query === -1 || url.indexOf('iitm=', query) === -1) return undefined;
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has('iitm')) return undefined;
    parsed.searchParams.delete('iitm');
    return parsed.href;
  } catch {
    return undefined;
  }
}
