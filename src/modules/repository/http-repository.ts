import type * as Crypto from 'node:crypto';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { asideOf, makeFolder } from '../../internal/cache-folder.js';
import { CodePart, useCode } from '../../internal/code-use.js';
import { debug } from '../../internal/debuglog.js';
import { describeValue, HooklineError, HooklineTypeError } from '../../internal/errors.js';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from '../../internal/fs.js';
import { lazyRequire } from '../../internal/lazy-require.js';
import { invalidOption, optionsRecord } from '../../internal/options.js';
import { warnOnce } from '../../internal/warning.js';
import type { SchemeModule } from '../types.js';
import {
  fetchSync,
  type PartialAnswer,
  type SyncFailure,
  type SyncResponse,
} from './fetch-sync.js';

const crypto = lazyRequire<typeof Crypto>('node:crypto');

/**
 * Options of {@link httpRepository}.
 *
 * @example
 * ```ts
 * import { type HttpRepositoryOptions, httpRepository, registerScheme } from 'hookline/modules';
 * const options: HttpRepositoryOptions = {
 *   url: 'https://modules.example.com/',
 *   integrity: { 'team/util': 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC' },
 *   headers: { authorization: `Bearer ${process.env['REPO_TOKEN'] ?? ''}` },
 *   timeout: 10_000,
 * };
 * registerScheme('repo', httpRepository(options));
 * ```
 */
export interface HttpRepositoryOptions {
  /**
   * Base URL: `repo:team/util` is fetched from `<url>team/util.js`. A user name and password in
   * it (`https://user:token@host/`) are sent as HTTP Basic authentication.
   */
  readonly url: string | URL;
  /** On-disk cache folder; default `node_modules/.cache/hookline-repository` in the working directory. */
  readonly cacheDir?: string | undefined;
  /**
   * Expected hashes by module path (`team/util` and `team/util.js` name one file, however it is
   * imported), in Subresource Integrity form (`sha256-…`, `sha384-…`, `sha512-…`, base64): a
   * module whose bytes do not match is refused, whether it came from the cache or the server.
   * A malformed pin throws at the call.
   */
  readonly integrity?: Readonly<Record<string, string>> | undefined;
  /**
   * Record the hash of each first download, in a pin file per module under
   * `<cacheDir>/integrity/`, and refuse later copies that differ (trust on first use, like a lock
   * file); pins in a `<cacheDir>/integrity.json` of earlier versions hold too. The first pin of a
   * module stays: a copy downloaded at the same time with other bytes is refused. Default `true`.
   */
  readonly lock?: boolean | undefined;
  /** Ask the server again even when a cached copy exists (it is still checked). Default `false`. */
  readonly refresh?: boolean | undefined;
  /**
   * Added to module paths that do not end with `.js`, `.mjs`, `.cjs`, `.json` or this extension
   * (`repo:team/lib.v2` is fetched as `team/lib.v2.js`). Default `.js`; `""` adds none.
   */
  readonly extension?: string | undefined;
  /** Request headers (an authorisation token, for example). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Milliseconds a download may take. Default 30 000. */
  readonly timeout?: number | undefined;
}

interface LockFile {
  [url: string]: string;
}

/** A hash recorded at a module's first download, and how to forget it. */
interface Pin {
  readonly integrity: string;
  /** What the user does to take a new copy, such as `delete <file>`. */
  readonly undo: string;
}

/**
 * A loader for `registerScheme` that fetches modules from an HTTP(S) server, keeps them in an
 * on-disk cache (so later runs start offline), and checks their integrity: against the hashes
 * you give, else against the hash recorded at the first download. It is synchronous, so
 * modules load for `import` and `require` alike. A download that fails throws with a code saying
 * how: `ERR_HOOKLINE_REPOSITORY_STATUS`, `ERR_HOOKLINE_REPOSITORY_UNREACHABLE`,
 * `ERR_HOOKLINE_REPOSITORY_TIMEOUT`, or `ERR_HOOKLINE_REPOSITORY_CONTENT` for a web page (a login
 * page, a proxy's) or an empty answer served in place of the module.
 *
 * @example
 * ```ts
 * import { httpRepository, registerScheme } from 'hookline/modules';
 * registerScheme('repo', httpRepository({ url: 'https://modules.example.com/' }));
 * const specifier = 'repo:team/greeter'; // a scheme's modules have no type declarations
 * const { greet } = await import(specifier);
 * ```
 */
export function httpRepository(options: HttpRepositoryOptions): (url: URL) => SchemeModule {
  useCode(CodePart.httpRepository);
  const { base, cacheDir, extension, timeout, headers, useLock, refresh, integrity } =
    checkedOptions(options);
  const legacyLock = join(cacheDir, 'integrity.json');
  const pinDir = join(cacheDir, 'integrity');
  const fileOf = (path: string): string =>
    hasModuleExtension(path, extension) ? path : `${path}${extension}`;
  const remoteOf = (path: string): string => new URL(fileOf(path), base).href;
  const pins = pinsByRemote(integrity, remoteOf);

  return function loadFromRepository(moduleUrl: URL): SchemeModule {
    // `repo:team/util.js?v=2` fetches <url>team/util.js?v=2: the extension goes on the path, the
    // query to the server; a `#hash` names the module apart and is not sent.
    const { path, query } = modulePath(moduleUrl);
    refuseOutside(moduleUrl, remoteOf(path), base);
    const remote = `${remoteOf(path)}${query}`;
    const name = sha256Hex(remote);
    const cacheFile = join(cacheDir, `${name}${extensionOf(fileOf(path))}`);
    const pinFile = join(pinDir, `${name}.json`);
    // By the file fetched: `team/util`, `team/util.js` and `./util.js` from `team/a` share a pin,
    // and so does `team/util?v=2`: a query does not step around what the program pinned.
    const expected = pins.get(remoteOf(path));
    const recorded = useLock ? recordedPins(remote, pinFile, legacyLock) : [];

    // A cached copy that nothing pins is not trusted to be pinned: it may be a tampered file, or
    // one a run with `lock: false` kept. Trust on first use pins what the server sent.
    const trustCache = !refresh && (!useLock || recorded.length > 0 || expected !== undefined);
    let body = trustCache ? readCached(cacheFile) : undefined;
    // The program's own pin decides: a cached copy it does not match is downloaded again, as
    // when the program pins a newer version than the one cached (or the copy was tampered with).
    if (body !== undefined && expected !== undefined && !matches(body, expected)) body = undefined;
    const fromCache = body !== undefined;
    body ??= download(moduleUrl.href, remote, headers, timeout, refresh);
    const where = `${moduleUrl.href} (${fromCache ? cacheFile : remote})`;
    if (expected) {
      checkIntegrity(
        body,
        expected,
        where,
        'The server sent other bytes than the ones the integrity option pins: check the source, or update the pin.',
      );
      // Pinned by the program, which overrules what a first download recorded: the pin file
      // follows, so that the module stays as it is should the program drop its pin.
      if (useLock && recorded.length > 0 && cacheWritable(cacheDir)) {
        unlessUnwritable(cacheDir, () => repin(pinFile, remote, body, recorded));
      }
    }
    for (const pin of expected ? [] : recorded) {
      checkIntegrity(
        body,
        pin.integrity,
        where,
        // A cached copy is only ever written once it matches its pin: the copy was changed on
        // disk (then the server's may still be the one pinned), or the pin was.
        fromCache
          ? `The cached copy does not match its pin: delete ${cacheFile} to download the module again and check it against the pin; if that fails, the module changed since it was first downloaded. If that is intended, ${pin.undo}.`
          : `The module changed since it was first downloaded. If that is intended, ${pin.undo}.`,
      );
    }
    if (useLock && recorded.length === 0 && cacheWritable(cacheDir)) {
      const first = unlessUnwritable(cacheDir, () =>
        recordPin(pinFile, remote, sri(body, 'sha384')),
      );
      if (first) {
        checkIntegrity(
          body,
          first.integrity,
          where,
          `Another thread or process pinned other bytes for this module while this one downloaded it: the server changed between the two downloads. Check the server; if the change is intended, ${first.undo}.`,
        );
      }
    }
    // Written after the checks and the pin: a cached copy always matches what is pinned.
    if (!fromCache && cacheWritable(cacheDir)) {
      unlessUnwritable(cacheDir, () => {
        makeFolder(cacheDir, SHARED_FOLDER);
        writeAtomically(cacheFile, body);
      });
    }
    debug('repository: %s from %s', moduleUrl.href, fromCache ? cacheFile : remote);
    return { source: Buffer.from(body).toString('utf8') };
  };
}

const OPTION_NAMES = [
  'url',
  'cacheDir',
  'integrity',
  'lock',
  'refresh',
  'extension',
  'headers',
  'timeout',
] as const;

/** The longest timeout Node's timers keep: a longer one would fire at once. */
const MAX_TIMEOUT = 2_147_483_647;

/** The options, checked all at once before anything is set up, with their defaults. */
function checkedOptions(options: unknown) {
  const where = (name: string) => `httpRepository({ ${name} })`;
  if (options === undefined) {
    throw invalidOption(
      'httpRepository(options)',
      'an options object with the repository url',
      options,
      'Pass the URL modules are served under, such as httpRepository({ url: "https://modules.example.com/" }).',
    );
  }
  const record = optionsRecord(
    options,
    'httpRepository(options)',
    OPTION_NAMES,
    'httpRepository({ url: "https://modules.example.com/" })',
  );
  const { cacheDir, lock, refresh, extension, headers, timeout } = record;
  if (cacheDir !== undefined && (typeof cacheDir !== 'string' || cacheDir.trim() === '')) {
    throw invalidOption(
      where('cacheDir'),
      'a folder path (a non-empty string)',
      cacheDir,
      'Pass the folder downloads are kept in, or leave cacheDir out for node_modules/.cache/hookline-repository.',
    );
  }
  for (const [name, value] of [
    ['lock', lock],
    ['refresh', refresh],
  ] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw invalidOption(
        where(name),
        'true or false',
        value,
        `Pass a boolean, or leave ${name} out.`,
      );
    }
  }
  if (
    extension !== undefined &&
    (typeof extension !== 'string' || !/^(\.[a-z\d]+)?$/i.test(extension))
  ) {
    throw invalidOption(
      where('extension'),
      'a file extension with its dot, such as ".js" or ".mjs" (or "" to add none)',
      extension,
      'Pass the extension modules are served with, or leave it out for ".js".',
    );
  }
  if (headers !== undefined && !isHeaderRecord(headers)) {
    throw invalidOption(
      where('headers'),
      'an object of header names and string values',
      headers,
      'Pass them as { headers: { authorization: "Bearer …" } }.',
    );
  }
  if (headers !== undefined) refuseBadHeader(headers as Record<string, string>, where('headers'));
  if (
    timeout !== undefined &&
    (typeof timeout !== 'number' || !(timeout > 0) || timeout > MAX_TIMEOUT)
  ) {
    throw invalidOption(
      where('timeout'),
      `a number of milliseconds above 0 (at most ${MAX_TIMEOUT})`,
      timeout,
      'Pass how long a download may take, such as { timeout: 10_000 }, or leave it out for 30 s.',
    );
  }
  const base = baseUrl(record['url']);
  return {
    base,
    cacheDir: resolvePath(
      (cacheDir as string | undefined) ?? join('node_modules', '.cache', 'hookline-repository'),
    ),
    integrity: record['integrity'],
    useLock: lock !== false,
    refresh: refresh === true,
    extension: (extension as string | undefined) ?? '.js',
    headers: signedIn(base, headers as Readonly<Record<string, string>> | undefined),
    timeout: (timeout as number | undefined) ?? 30_000,
  };
}

/** `text` with its %-escapes decoded, or as it is where one is not valid (`%zz`). */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The headers, with the user name and password of `base` as HTTP Basic authentication (unless the
 * headers name an authorization of their own), taken out of `base`: `fetch` refuses a URL that
 * holds credentials, and they would show in every message, cache name and pin file.
 */
function signedIn(
  base: URL,
  headers: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> | undefined {
  if (base.username === '' && base.password === '') return headers;
  const credentials = `${decoded(base.username)}:${decoded(base.password)}`;
  base.username = '';
  base.password = '';
  if (headers && Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
    return headers;
  }
  return { ...headers, authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** The module path a scheme URL names (`team/util` for `repo:team/util?v=2#x`), and its query. */
function modulePath(moduleUrl: URL): { path: string; query: string } {
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
function refuseOutside(moduleUrl: URL, remote: string, base: URL): void {
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

/** A header name, as HTTP's token: what `fetch` takes. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~\dA-Za-z]+$/;
/** The white space `fetch` trims around a header value. */
const HTTP_SPACE = new Set(['\t', '\n', '\r', ' ']);

/**
 * Whether `fetch` takes `value` for a header: bytes (code points up to 255) without NUL or a line
 * break inside, once the white space around it, which it trims, is gone.
 */
function isHeaderValue(value: string): boolean {
  let start = 0;
  let end = value.length;
  while (start < end && HTTP_SPACE.has(value.charAt(start))) start++;
  while (end > start && HTTP_SPACE.has(value.charAt(end - 1))) end--;
  return !/[\0\n\r\u0100-\uffff]/.test(value.slice(start, end));
}

/**
 * Throws `ERR_HOOKLINE_INVALID_ARGUMENT` for a header name or value that HTTP does not allow, at
 * the call: `fetch` would refuse it at each download, which reads as a server out of reach. The
 * value is not shown: it is often a token. Checked here rather than by `Headers`, which would
 * load fetch's code into the program's thread, tens of milliseconds, for a download a helper
 * thread makes.
 */
function refuseBadHeader(headers: Readonly<Record<string, string>>, where: string): void {
  for (const [name, value] of Object.entries(headers)) {
    const part = !HEADER_NAME.test(name) ? 'name' : !isHeaderValue(value) ? 'value' : '';
    if (part === '') continue;
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: 'header names and values that HTTP allows',
      received: `the header ${JSON.stringify(name)}, whose ${part} HTTP does not allow`,
      fix: "Names are letters, digits and !#$%&'*+-.^_`|~; values are on one line, of Latin-1 characters (a line break or a NUL inside a token read from a file is the usual cause).",
    });
  }
}

function isHeaderRecord(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    [Object.prototype, null].includes(Object.getPrototypeOf(value)) &&
    Object.values(value).every((one) => typeof one === 'string')
  );
}

const DIGEST_LENGTHS: Readonly<Record<string, number>> = { sha256: 44, sha384: 64, sha512: 88 };

/**
 * The pinned hashes by the URL of the file each names, checked now: a pin that could never match
 * (a typo, a hex digest, `sha256:`) is refused at the call rather than at some later import.
 */
function pinsByRemote(
  integrity: unknown,
  remoteOf: (path: string) => string,
): ReadonlyMap<string, string> {
  const pins = new Map<string, string>();
  if (integrity === undefined) return pins;
  if (integrity === null || typeof integrity !== 'object' || Array.isArray(integrity)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'httpRepository({ integrity })',
      expected: 'an object of module paths and their hashes',
      received: describeValue(integrity),
      fix: "Pass hashes by module path, such as { integrity: { 'team/util': 'sha384-…' } }.",
    });
  }
  const keyOf = new Map<string, string>();
  for (const [path, pin] of Object.entries(integrity)) {
    const where = `httpRepository({ integrity: { ${JSON.stringify(path)}: … } })`;
    if (path === '') {
      throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
        where,
        expected: 'a module path such as "team/util"',
        received: 'an empty path',
        fix: 'Key each hash by the path imported after the scheme: repo:team/util → "team/util".',
      });
    }
    if (typeof pin !== 'string' || !isValidPin(pin)) {
      throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
        where,
        expected:
          'sha256-…|sha384-…|sha512-… with the base64 digest (Subresource Integrity form), or several separated by spaces',
        received: describeValue(pin),
        fix: "Copy the hash from the module's pin file in the integrity folder of the cache, or compute it: openssl dgst -sha384 -binary FILE | openssl base64 -A",
      });
    }
    const remote = remoteOf(path);
    const other = keyOf.get(remote);
    if (other !== undefined && pins.get(remote) !== pin) {
      throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
        where,
        expected: `one hash for ${remote}`,
        received: `another hash than the one under ${JSON.stringify(other)}, which names the same file`,
        fix: 'Keep one of the two keys.',
      });
    }
    keyOf.set(remote, path);
    pins.set(remote, pin);
  }
  return pins;
}

/** Whether `pin` is one or more `<algorithm>-<base64 digest>` of the right length. */
function isValidPin(pin: string): boolean {
  const hashes = pin.split(/\s+/).filter((one) => one !== '');
  return (
    hashes.length > 0 &&
    hashes.every((one) => {
      const dash = one.indexOf('-');
      const digest = one.slice(dash + 1);
      return (
        dash > 0 &&
        Object.hasOwn(DIGEST_LENGTHS, one.slice(0, dash)) &&
        DIGEST_LENGTHS[one.slice(0, dash)] === digest.length &&
        /^[A-Za-z\d+/]+={0,2}$/.test(digest)
      );
    })
  );
}

function baseUrl(url: unknown): URL {
  let base: URL;
  try {
    base = new URL(String(url));
  } catch (error) {
    throw new HooklineTypeError(
      'ERR_HOOKLINE_INVALID_ARGUMENT',
      {
        where: 'httpRepository({ url })',
        expected: 'the repository base URL (http: or https:)',
        received: describeValue(url),
        fix: 'Pass the URL modules are served under, such as { url: "https://modules.example.com/" }.',
      },
      { cause: error },
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'httpRepository({ url })',
      expected: 'an http: or https: URL',
      received: base.protocol,
      fix: 'Serve the modules over HTTP(S), or write a loader of your own for other sources.',
    });
  }
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return base;
}

/** Cache folders already reported as ones the permission model does not let hookline write. */
const unwritableReported = new Set<string>();

/**
 * Whether hookline may write into `cacheDir`: not where the permission model (`--permission`
 * without `--allow-fs-write` for it) refuses, which is said once per folder. Without the cache,
 * modules still load, downloaded at each run, and unpinned: a pin could not be kept either.
 */
function cacheWritable(cacheDir: string): boolean {
  const permission = (process as { permission?: { has(scope: string, path?: string): boolean } })
    .permission;
  if (permission === undefined || permission.has('fs.write', cacheDir)) return true;
  warnOnce(
    unwritableReported,
    `httpRepository cannot keep what it downloads in ${cacheDir}, which the permission model does not let it write: each run downloads its modules again, and what the server sends is not pinned. Add --allow-fs-write=${cacheDir}`,
  );
  return false;
}

/**
 * The mode of the cache's folders: as Node's `mkdirSync` makes them, the umask deciding, since
 * threads and processes of other users may share the cache. `makeFolder`, not Node's recursive
 * `mkdirSync`, which loops for ever where `mkdir` answers ENOENT under a parent that exists
 * (a `cacheDir` under `/proc`).
 */
const SHARED_FOLDER = 0o777;

/**
 * What a file system answers where a folder cannot be written: read-only, full, not a folder, or
 * one it will not make (ENOENT under `/proc`).
 */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC', 'EDQUOT', 'ENOENT']);

/**
 * `write`'s result, or `undefined` where the cache folder cannot be written (a read-only file
 * system, a folder of another user, a full disk), which is said once per folder: the module
 * still loads, unpinned and uncached, as where the permission model refuses the folder.
 */
function unlessUnwritable<T>(cacheDir: string, write: () => T): T | undefined {
  try {
    return write();
  } catch (error) {
    const code = errorCode(error);
    if (code === undefined || !UNWRITABLE.has(code)) throw error;
    warnOnce(
      unwritableReported,
      `httpRepository cannot keep what it downloads in ${cacheDir}, which cannot be written (${code}): each run downloads its modules again, and what the server sends is not pinned. Make the folder writable, or pass the cacheDir option for one that is.`,
    );
    return undefined;
  }
}

/**
 * The module's bytes from the server. A failure throws a `HooklineError` whose code says which
 * (ERR_HOOKLINE_REPOSITORY_STATUS, _UNREACHABLE, _TIMEOUT, _CONTENT), so a program can tell them
 * apart.
 */
function download(
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

/** How long a server that limits requests says to wait (its Retry-After), for a message. */
function retryAfter(response: SyncResponse): string {
  const value = response.headers['retry-after']?.trim();
  if (!value) return '';
  return /^\d+$/.test(value)
    ? ` (it says to wait ${value} s)`
    : ` (it says to wait until ${value})`;
}

/** Where a redirect led, for a message, if the server redirected. */
function afterRedirect(remote: string, response: SyncResponse): string {
  return response.url && response.url !== remote ? `, after a redirect to ${response.url}` : '';
}

/** What to do about an HTTP status: a refusal, a server that failed, or a path it does not know. */
function statusWayOut(response: SyncResponse, remote: string, offline: string): string {
  const { status } = response;
  const origin = new URL(response.url || remote).origin;
  if ((status === 401 || status === 403) && origin !== new URL(remote).origin) {
    // fetch drops the authorization header on a redirect to another origin, as browsers do.
    return `The server redirected to another host, which refused access: fetch sends no authorization header to another host than the one asked. Point the url option at that host, ${origin}, or have the server answer without redirecting.`;
  }
  if (status === 401 || status === 403) {
    return 'The server refused access: pass what it asks for in the headers option (an authorisation token).';
  }
  if (status === 429) {
    return `The server limits how often it may be asked${retryAfter(response)}: try again later. ${offline}`;
  }
  if (status >= 500) {
    return `The server failed to answer: see its logs, or try again. ${offline}`;
  }
  return 'Check the module path, and the url and extension options it is fetched by.';
}

function unanswered(
  where: string,
  remote: string,
  failure: SyncFailure,
  timeout: number,
  offline: string,
): HooklineError {
  if (failure.answered) return brokenOff(where, failure, failure.answered, timeout, offline);
  if (failure.failed === 'redirects') {
    return new HooklineError('ERR_HOOKLINE_REPOSITORY_STATUS', {
      where,
      expected: 'HTTP 200 with the module',
      received: 'redirect after redirect, more than fetch follows (20)',
      fix: `The server sends the request round in a loop, often a login or an https redirect that leads back: see where with curl -IL ${remote}, and check the url option and the credentials in the headers option.`,
    });
  }
  if (failure.failed === 'refused') {
    return new HooklineError('ERR_HOOKLINE_REPOSITORY_UNREACHABLE', {
      where,
      expected:
        'a worker thread to download the module on (a download that a module load waits for runs on one)',
      received: `none (${failure.reason})`,
      fix: `Add --allow-worker under the permission model. ${offline}`,
    });
  }
  if (failure.failed === 'timeout') {
    return new HooklineError('ERR_HOOKLINE_REPOSITORY_TIMEOUT', {
      where,
      expected: `an answer within the timeout, ${timeout} ms`,
      received: 'none',
      fix: `Check that the server is up, or raise the timeout option. ${offline}`,
    });
  }
  const certificate = certificateFailure(where, failure, offline);
  if (certificate) return certificate;
  return new HooklineError('ERR_HOOKLINE_REPOSITORY_UNREACHABLE', {
    where,
    expected: 'a connection to the server',
    received: `none (${failure.reason})`,
    fix: `Check the url option and that the server is up. ${offline}`,
  });
}

/** What TLS fails with for a certificate signed by no CA this process trusts. */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

/** What TLS fails with for a certificate it could check and found wanting. */
const INVALID_CERTIFICATE = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * A connection refused over the server's certificate, said as such (still
 * `ERR_HOOKLINE_REPOSITORY_UNREACHABLE`): the way out is to trust its CA, or to check the host,
 * not to check that the server is up. Behind a company's CA, Node's own options are what reach
 * the thread that downloads.
 */
function certificateFailure(
  where: string,
  failure: SyncFailure,
  offline: string,
): HooklineError | undefined {
  const code = failure.code ?? '';
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    const systemCa = process.allowedNodeEnvironmentFlags.has('--use-system-ca')
      ? ', or with --use-system-ca where the CA is installed in the system'
      : '';
    return new HooklineError('ERR_HOOKLINE_REPOSITORY_UNREACHABLE', {
      where,
      expected: 'a server certificate signed by a CA this program trusts',
      received: failure.reason,
      fix: `If the server is the one meant, have Node trust the CA that signed its certificate (a company's own CA, say): run the program with NODE_EXTRA_CA_CERTS set to the CA's PEM file${systemCa}. The thread that downloads trusts what these make the program trust, but not a CA given in code (tls.setDefaultCACertificates, an agent's ca option). ${offline}`,
    });
  }
  if (INVALID_CERTIFICATE.has(code)) {
    return new HooklineError('ERR_HOOKLINE_REPOSITORY_UNREACHABLE', {
      where,
      expected: 'a valid certificate for the server',
      received: failure.reason,
      fix: `The server's certificate is not valid for this connection: check that the url option names a host the certificate is for, and that the certificate is current. ${offline}`,
    });
  }
  return undefined;
}

/**
 * A download that broke off after the server answered: the time ran out or the connection broke
 * while the body came. Said as such, with how much came, rather than as no answer at all.
 */
function brokenOff(
  where: string,
  failure: SyncFailure,
  answered: PartialAnswer,
  timeout: number,
  offline: string,
): HooklineError {
  const got = `HTTP ${answered.status} and ${answered.received} bytes`;
  if (failure.failed === 'timeout') {
    return new HooklineError('ERR_HOOKLINE_REPOSITORY_TIMEOUT', {
      where,
      expected: `the whole module within the timeout, ${timeout} ms`,
      received: `${got}, then no more`,
      fix: `The timeout option covers the whole download: raise it for a slow server or a large module, or check the server. ${offline}`,
    });
  }
  // Announced in bytes as sent: of a compressed body, not of what it unpacks to.
  const length = answered.headers['content-length'];
  const announced =
    length !== undefined && answered.headers['content-encoding'] === undefined
      ? ` (${length} bytes, as the server announced)`
      : '';
  return new HooklineError('ERR_HOOKLINE_REPOSITORY_UNREACHABLE', {
    where,
    expected: `the whole module${announced}`,
    received: `${got}, then the connection broke (${failure.reason})`,
    fix: `Try again, and check any proxy in between: nothing was cached or pinned. ${offline}`,
  });
}

/**
 * The cached copy in `file`, unless there is none or it is empty: an empty module is never
 * downloaded, and one cached by a version that took an empty answer for a module is not the module.
 * Downloaded again, it is checked against its pin, whose way out names the pin file.
 */
function readCached(file: string): Uint8Array | undefined {
  try {
    const body = readFileSync(file);
    return body.byteLength > 0 ? body : undefined;
  } catch {
    // Not cached yet: it is downloaded.
    return undefined;
  }
}

/**
 * The hashes recorded for `remote`: its own pin file, and its line in the integrity.json that
 * hookline kept before pins had a file each (still honoured; no longer written).
 */
function recordedPins(remote: string, pinFile: string, legacyLock: string): Pin[] {
  const recorded: Pin[] = [];
  const own = readPin(pinFile, remote);
  if (own !== undefined) recorded.push(own);
  const legacy = readLock(legacyLock)[remote];
  if (legacy !== undefined) {
    recorded.push({ integrity: legacy, undo: `remove its line from ${legacyLock}` });
  }
  return recorded;
}

/**
 * The pin in `file`, or `undefined` if there is none. A pin file is only ever put in place whole,
 * so one that does not hold a hash for `remote` was changed by someone else: it is refused rather
 * than taken for no pin, which would let the next download be pinned over it.
 */
function readPin(file: string, remote: string): Pin | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // Not pinned yet (ENOTDIR: the cache folder's path runs through a file, so no pin is there).
    // A pin that is there but cannot be read (EACCES, EISDIR) is not "no pin".
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
    throw error;
  }
  let integrity: unknown;
  try {
    integrity = (JSON.parse(text) as LockFile)[remote];
  } catch {
    // Not JSON: refused below.
  }
  if (typeof integrity !== 'string' || !isValidPin(integrity)) {
    throw new HooklineTypeError('ERR_HOOKLINE_INTEGRITY', {
      where: file,
      expected: `the hash recorded for ${remote}, as { "${remote}": "sha384-…" }`,
      received: describeValue(text.slice(0, 200)),
      fix: `hookline wrote no such file: check who changed it. To pin the module anew at its next download, delete ${file}.`,
    });
  }
  return { integrity, undo: `delete ${file}` };
}

/**
 * Records `integrity` as the pin of `remote` unless one is recorded already, which wins and is
 * returned: of threads and processes pinning one module at once, the first keeps its pin and the
 * others are checked against it. The pin is written aside and linked into place, since a link,
 * unlike a rename, never replaces a file; a reader sees the whole pin or none.
 */
function recordPin(file: string, remote: string, integrity: string): Pin | undefined {
  makeFolder(dirname(file), SHARED_FOLDER);
  const text = `${JSON.stringify({ [remote]: integrity }, null, 2)}\n`;
  const aside = asideOf(file);
  try {
    writeFileSync(aside, text);
    linkSync(aside, file);
    return undefined;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return readPin(file, remote);
    if (!LINKLESS.has(errorCode(error) ?? '')) throw error;
  } finally {
    rmSync(aside, { force: true });
  }
  return createPin(file, remote, text);
}

/**
 * Puts the hash of `body`, which the program's own pin let through, in the pin file of `remote`
 * in place of what a first download recorded there, unless all of it already matches.
 */
function repin(file: string, remote: string, body: Uint8Array, recorded: readonly Pin[]): void {
  if (recorded.every((pin) => matches(body, pin.integrity))) return;
  makeFolder(dirname(file), SHARED_FOLDER);
  writeAtomically(file, `${JSON.stringify({ [remote]: sri(body, 'sha384') }, null, 2)}\n`);
}

/** What `link` fails with on file systems without hard links (FAT, some network shares). */
const LINKLESS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * {@link recordPin} where hard links are not to be had: the file is created only if absent. A
 * reader may then find it before its bytes, and refuses the module rather than take no pin.
 */
function createPin(file: string, remote: string, text: string): Pin | undefined {
  try {
    writeFileSync(file, text, { flag: 'wx' });
    return undefined;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return readPin(file, remote);
    throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function readLock(path: string): LockFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // No lock file: nothing recorded there.
    return {};
  }
  try {
    const lock: unknown = JSON.parse(text);
    if (lock !== null && typeof lock === 'object' && !Array.isArray(lock)) return lock as LockFile;
  } catch {
    // Not JSON: refused below, rather than as a SyntaxError that names no file.
  }
  throw new HooklineTypeError('ERR_HOOKLINE_INTEGRITY', {
    where: path,
    expected: 'the pins earlier versions of hookline recorded, as { "<url>": "sha384-…" }',
    received: describeValue(text.slice(0, 200)),
    fix: `hookline no longer writes this file, and cannot read it: restore it, or delete ${path} to forget the pins it held.`,
  });
}

function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = asideOf(path);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    // A full disk or a folder made read-only meanwhile: no half-written file is left behind.
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Throws `ERR_HOOKLINE_INTEGRITY` unless `body` matches `integrity`. */
function checkIntegrity(body: Uint8Array, integrity: string, where: string, fix: string): void {
  if (matches(body, integrity)) return;
  throw new HooklineTypeError('ERR_HOOKLINE_INTEGRITY', {
    where,
    expected: `content with integrity ${integrity}`,
    received: `content hashing to ${sri(body, algorithmOf(integrity))}`,
    fix,
  });
}

function algorithmOf(integrity: string): string {
  const first = integrity.trim();
  return first.slice(0, first.indexOf('-')) || 'sha384';
}

function sri(body: Uint8Array, algorithm: string): string {
  return `${algorithm}-${crypto().createHash(algorithm).update(body).digest('base64')}`;
}

function matches(body: Uint8Array, integrity: string): boolean {
  // SRI allows several hashes separated by spaces; any one matching is enough.
  return integrity.split(/\s+/).some((one) => one !== '' && sri(body, algorithmOf(one)) === one);
}

function sha256Hex(text: string): string {
  return crypto().createHash('sha256').update(text).digest('hex');
}

/** The extensions a repository module is loaded by (its format follows them), in any case. */
const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.json']);

/**
 * Whether `path` names its file with a module extension, or with the `extension` option: then it
 * is fetched as it is. A dot that ends no such extension is part of the name (`team/lib.v2`,
 * `utils.string`), and the path gets the default extension as one without a dot does.
 */
function hasModuleExtension(path: string, extension: string): boolean {
  const own = extensionOf(path).toLowerCase();
  return own !== '' && (MODULE_EXTENSIONS.has(own) || own === extension.toLowerCase());
}

function extensionOf(path: string): string {
  return /\.[a-z\d]+$/i.exec(path)?.[0] ?? '';
}
