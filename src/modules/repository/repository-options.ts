import { join, resolve as resolvePath } from 'node:path';
import { describeValue, HooklineTypeError } from '../../internal/errors.js';
import { invalidOption, optionsRecord } from '../../internal/options.js';
import { isValidPin } from './integrity.js';

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
export function checkedOptions(options: unknown) {
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

/**
 * The pinned hashes by the URL of the file each names, checked now: a pin that could never match
 * (a typo, a hex digest, `sha256:`) is refused at the call rather than at some later import.
 */
export function pinsByRemote(
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
