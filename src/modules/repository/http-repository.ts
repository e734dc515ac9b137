import { join } from 'node:path';
import { makeFolder } from '../../internal/cache-folder.js';
import { CodePart, useCode } from '../../internal/code-use.js';
import { debug } from '../../internal/debuglog.js';
import type { SchemeModule } from '../types.js';
import { download } from './download.js';
import { checkIntegrity, matches, sha256Hex, sri } from './integrity.js';
import { extensionOf, hasModuleExtension, modulePath, refuseOutside } from './module-paths.js';
import { recordedPins, recordPin, repin } from './pins.js';
import {
  cacheWritable,
  readCached,
  SHARED_FOLDER,
  unlessUnwritable,
  writeAtomically,
} from './repository-cache.js';
import { checkedOptions, pinsByRemote } from './repository-options.js';

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
