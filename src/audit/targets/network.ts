import { builtinModule } from '../../internal/captured.js';
import type { Target } from '../target.js';
import type { AuditEventArgs } from '../types.js';

// Taken as the event is installed: importing hookline/audit loads none of the modules it audits.
const dns = () => builtinModule('node:dns');
const http = () => builtinModule('node:http');
const https = () => builtinModule('node:https');
const net = () => builtinModule('node:net');
const tls = () => builtinModule('node:tls');

/** net.connect's forms: (options), (port, host?), (path) — and an array Node passes itself. */
function connecting(api: string) {
  return (args: unknown[]): AuditEventArgs['net.connect'] => {
    let first = args[0];
    if (Array.isArray(first)) first = first[0];
    if (typeof first === 'object' && first !== null) {
      const { host, port, path } = first as { host?: unknown; port?: unknown; path?: unknown };
      return {
        host: typeof path === 'string' ? undefined : typeof host === 'string' ? host : 'localhost',
        port: path === undefined && port !== undefined ? Number(port) : undefined,
        path: typeof path === 'string' ? path : undefined,
        api,
      };
    }
    if (typeof first === 'string' && !/^\d+$/.test(first)) {
      return { host: undefined, port: undefined, path: first, api };
    }
    return {
      host: typeof args[1] === 'string' ? args[1] : 'localhost',
      port: Number(first),
      path: undefined,
      api,
    };
  };
}

export const netConnect: readonly Target[] = [
  { owner: net, key: 'connect', style: 'sync', read: connecting('net.connect') },
  {
    owner: net,
    key: 'createConnection',
    style: 'sync',
    read: connecting('net.createConnection'),
  },
  {
    owner: () => net().Socket.prototype,
    key: 'connect',
    style: 'sync',
    read: connecting('net.Socket#connect'),
  },
  { owner: tls, key: 'connect', style: 'sync', read: connecting('tls.connect') },
] as Target[];

export const dnsLookup: readonly Target[] = [
  {
    owner: dns,
    key: 'lookup',
    style: 'callback',
    read: (args) => ({ hostname: String(args[0]), api: 'dns.lookup' }),
  },
  {
    owner: () => dns().promises,
    key: 'lookup',
    style: 'promise',
    read: (args) => ({ hostname: String(args[0]), api: 'dns.promises.lookup' }),
  },
] as Target[];

/** What an http.request call's options say of where it goes. */
interface RequestOptions {
  method?: unknown;
  protocol?: unknown;
  host?: unknown;
  hostname?: unknown;
  port?: unknown;
  path?: unknown;
}

/**
 * The URL an http.request call asks for: from a URL, a string, options, or both — where Node lets
 * the options' protocol, host, port and path win over the URL's, the request goes where they say.
 */
function requesting(api: string, protocol: string) {
  return (args: unknown[]): AuditEventArgs['http.request'] => {
    const [first, second] = args;
    const options = (
      typeof first === 'object' && first !== null && !(first instanceof URL) ? first : second
    ) as RequestOptions | undefined;
    const method = typeof options?.method === 'string' ? options.method.toUpperCase() : 'GET';
    if (typeof first === 'string' || first instanceof URL) {
      const given = typeof options === 'object' && options !== null ? options : {};
      return { url: mergedUrl(first, given, protocol), method, api };
    }
    return { url: urlOf(options ?? {}, protocol), method, api };
  };
}

function urlOf(o: RequestOptions, protocol: string): string {
  const scheme = typeof o.protocol === 'string' ? o.protocol : protocol;
  const name = String(o.hostname ?? o.host ?? 'localhost');
  // An IPv6 address is written in brackets in a URL: `http://[::1]:8080/`, as new URL() gives it.
  const host = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  const port = o.port === undefined ? '' : `:${String(o.port)}`;
  const path = typeof o.path === 'string' ? o.path : '/';
  return `${scheme}//${host}${port}${path}`;
}

/** A URL and options together, as Node merges them: the options' parts over the URL's. */
function mergedUrl(input: string | URL, options: RequestOptions, protocol: string): string {
  const { protocol: scheme, hostname, host, port, path } = options;
  if ([scheme, hostname, host, port, path].every((part) => part === undefined)) {
    return String(input);
  }
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    // Node refuses the call for its URL: the text is what the program asked for.
    return String(input);
  }
  return urlOf(
    {
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === '' ? {} : { port: url.port }),
      path: `${url.pathname}${url.search}`,
      ...options,
    },
    protocol,
  );
}

/** fetch's input: a string, a URL, or a Request (method from init first, as fetch reads it). */
function fetching(args: unknown[]): AuditEventArgs['http.request'] {
  const [input, init] = args as [unknown, { method?: unknown } | undefined];
  const request =
    typeof input === 'object' && input !== null && !(input instanceof URL)
      ? (input as { url?: unknown; method?: unknown })
      : undefined;
  const method = init?.method ?? request?.method ?? 'GET';
  return {
    url: String(request?.url ?? input),
    method: String(method).toUpperCase(),
    api: 'fetch',
  };
}

export const httpRequest: readonly Target[] = [
  { owner: http, key: 'request', style: 'sync', read: requesting('http.request', 'http:') },
  { owner: http, key: 'get', style: 'sync', read: requesting('http.get', 'http:') },
  {
    owner: https,
    key: 'request',
    style: 'sync',
    read: requesting('https.request', 'https:'),
  },
  { owner: https, key: 'get', style: 'sync', read: requesting('https.get', 'https:') },
  {
    owner: () => (typeof globalThis.fetch === 'function' ? globalThis : undefined),
    key: 'fetch',
    style: 'promise',
    read: fetching,
  },
] as Target[];
