import { HooklineTypeError } from '../../internal/errors.js';

/** The module path a scheme URL names (`team/util` for `repo:team/util?v=2#x`), and its query. */
export function modulePath(moduleUrl: URL): { path: string; query: string } {
  const href = moduleUrl.href.slice(0, moduleUrl.href.length - moduleUrl.hash.length);
  const query = moduleUrl.search;
  const path = href.slice(moduleUrl.protocol.length, href.length - query.length);
  return { path: path.replace(/^\/\//, ''), query };
}

/**
 * Throws `ERR_HOOKLINE_INVALID_ARGUMENT` for a module path that leads out of the repository's
 * folder (`repo:../x`, `repo:/x`, `%2e%2e`): it would be fetched from elsewhere on the server,
 * with the repository's headers (its credentials), as a module of the repository; or one with an encoded
 * `/` or `\` (`%2f`, `%5c`), which a server that decodes it may route out of that folder too.
 */
export function refuseOutside(moduleUrl: URL, remote: string, base: URL): void {
  const url = new URL(remote);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: moduleUrl.href,
      expected: `a module path under the url option, ${base.href}`,
      received: `a path that leads out of it, to ${remote}`,
      fix: `Import the module by its path under the url option (${moduleUrl.protocol}team/util for <url>team/util.js), or register another scheme for the folder it is served from. Nothing was fetched.`,
    });
  }
  // An encoded separator is one segment to the URL parser and to the check above, but a server
  // that decodes it before routing walks the folders it names.
  if (ENCODED_SEPARATOR.test(url.pathname.slice(base.pathname.length))) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: moduleUrl.href,
      expected: `a module path under the url option, ${base.href}, with / between its folders`,
      received:
        'an encoded / or \\ (%2f, %5c) in it, which a server that decodes it may take out of that folder',
      fix: `Write the path with / between its folders (${moduleUrl.protocol}team/util for <url>team/util.js). Nothing was fetched.`,
    });
  }
}

/** `/` or `\` percent-encoded, in either case. */
const ENCODED_SEPARATOR = /%2f|%5c/i;

/** The extensions a repository module is loaded by (its format follows them), in any case. */
const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.json']);

/**
 * Whether `path` names its file with a module extension, or with the `extension` option: then it
 * is fetched as it is. A dot that ends no such extension is part of the name (`team/lib.v2`,
 * `utils.string`), and the path gets the default extension as one without a dot does.
 */
export function hasModuleExtension(path: string, extension: string): boolean {
  const own = extensionOf(path).toLowerCase();
  return own !== '' && (MODULE_EXTENSIONS.has(own) || own === extension.toLowerCase());
}

export function extensionOf(path: string): string {
  return /\.[a-z\d]+$/i.exec(path)?.[0] ?? '';
}
