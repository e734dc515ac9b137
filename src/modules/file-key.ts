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
