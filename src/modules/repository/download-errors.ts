import { HooklineError } from '../../internal/errors.js';
import type { PartialAnswer, SyncFailure, SyncResponse } from './fetch-sync.js';

/** How long a server that limits requests says to wait (its Retry-After), for a message. */
function retryAfter(response: SyncResponse): string {
  const value = response.headers['retry-after']?.trim();
  if (!value) return '';
  return /^\d+$/.test(value)
    ? ` (it says to wait ${value} s)`
    : ` (it says to wait until ${value})`;
}

/** Where a redirect led, for a message, if the server redirected. */
export function afterRedirect(remote: string, response: SyncResponse): string {
  return response.url && response.url !== remote ? `, after a redirect to ${response.url}` : '';
}

/** What to do about an HTTP status: a refusal, a server that failed, or a path it does not know. */
export function statusWayOut(response: SyncResponse, remote: string, offline: string): string {
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

export function unanswered(
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
