import { HooklineError } from '../../internal/errors.js';
import { afterRedirect, statusWayOut, unanswered } from './download-errors.js';
import { fetchSync, type SyncResponse } from './fetch-sync.js';

/**
 * The module's bytes from the server. A failure throws a `HooklineError` whose code says which
 * (ERR_HOOKLINE_REPOSITORY_STATUS, _UNREACHABLE, _TIMEOUT, _CONTENT), so a program can tell them
 * apart.
 */
export function download(
  moduleUrl: string,
  remote: string,
  headers: Readonly<Record<string, string>> | undefined,
  timeout: number,
  refresh: boolean,
): Uint8Array {
  const where = `${moduleUrl} (${remote})`;
  // Each failure's way out ends on the cache, which serves offline unless refresh bypasses it.
  const offline = refresh
    ? 'The refresh option asks the server even for a module in the cache: without it, modules downloaded once load from the cache offline.'
    : 'A module downloaded once loads from the cache offline.';
  const response = fetchSync(remote, { ...(headers ? { headers } : {}), timeout });
  if (response.failed !== undefined) throw unanswered(where, remote, response, timeout, offline);
  if (response.status !== 200) {
    throw new HooklineError('ERR_HOOKLINE_REPOSITORY_STATUS', {
      where,
      expected: 'HTTP 200 with the module',
      received: `HTTP ${response.status}${afterRedirect(remote, response)}`,
      fix: statusWayOut(response, remote, offline),
    });
  }
  refusePage(where, remote, response);
  refuseEmpty(where, remote, response);
  return response.body;
}

/**
 * Throws `ERR_HOOKLINE_REPOSITORY_CONTENT` for an answer of status 200 with no body: a server or
 * proxy that fails without saying so, which would otherwise have an empty module loaded, cached
 * and pinned, so that the module stayed empty once the server sent it. Thrown before anything is
 * cached or pinned.
 */
function refuseEmpty(where: string, remote: string, response: SyncResponse): void {
  if (response.body.byteLength > 0) return;
  throw new HooklineError('ERR_HOOKLINE_REPOSITORY_CONTENT', {
    where,
    expected: "the module's source",
    received: `HTTP ${response.status} with an empty body${afterRedirect(remote, response)}`,
    fix: 'A server or proxy that answers 200 with nothing (an error it does not report, a path it routes nowhere) would otherwise have the module pinned as empty: check the url option and the server. Nothing was cached or pinned: once the server sends the module, it loads. A module meant to be empty loads once it holds a comment.',
  });
}

/** The media types of web pages: what a login page, a proxy or a site's fallback answers with. */
const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Throws `ERR_HOOKLINE_REPOSITORY_CONTENT` when the server answered with a web page where the
 * module was due, which would otherwise fail at its first `<` with a SyntaxError that names
 * neither the URL nor what came back. Thrown before anything is cached or pinned, so the module
 * loads once the server sends it. A module a server merely labels text/html still loads: only a
 * body that starts as markup is refused.
 */
function refusePage(where: string, remote: string, response: SyncResponse): void {
  const type = response.headers['content-type'] ?? '';
  if (!PAGE_TYPES.has(type.split(';')[0]?.trim().toLowerCase() ?? '')) return;
  const text = Buffer.from(response.body.subarray(0, 400)).toString('utf8');
  const start = text.replace(/^\ufeff/, '').trimStart();
  if (!start.startsWith('<')) return;
  throw new HooklineError('ERR_HOOKLINE_REPOSITORY_CONTENT', {
    where,
    expected: "the module's source",
    received: `HTTP ${response.status} with an HTML page (content-type ${type})${afterRedirect(remote, response)}: ${JSON.stringify(excerpt(start))}`,
    fix: 'A login page, a proxy, or a site that serves a page for any path answered in place of the module repository: check the url option (the folder the modules are served from), the credentials in the headers option, and any proxy in between. Nothing was cached or pinned: once the server sends the module, it loads.',
  });
}

/** The first characters of `text` on one line, its runs of white space made one space. */
function excerpt(text: string): string {
  const line = Array.from(text.replace(/\s+/g, ' ').trim());
  return line.length > 80 ? `${line.slice(0, 80).join('').trimEnd()}…` : line.join('');
}
