import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runNode } from '../helpers/run-node.js';
import { runJsonAsync } from './fixture.js';

// A module server over HTTPS whose certificate is signed by no public CA, as a company's is: a
// program reaches it only by trusting that certificate, through Node's options. The download
// thread of httpRepository must trust what the program trusts, no more and no less.

const root = mkdtempSync(join(tmpdir(), 'hookline-repository-tls-'));
const certFile = join(root, 'cert.pem');
let openssl: string | undefined;
let server: Server | undefined;
let base = '';

/** Makes a self-signed certificate for 127.0.0.1 with the openssl command, if there is one. */
function makeCertificate(): string | undefined {
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(root, 'key.pem'),
        '-out',
        certFile,
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return undefined;
  } catch (error) {
    return `no openssl command to make a certificate with (${(error as Error).message})`;
  }
}

before(async () => {
  openssl = makeCertificate();
  if (openssl) return;
  server = createServer(
    {
      key: readFileSync(join(root, 'key.pem')),
      cert: readFileSync(certFile),
      // Lets a test see that a program's own TLS limits hold for the download thread too.
      minVersion: 'TLSv1.3',
    },
    (request, response) => {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(
        request.url?.endsWith('.cjs')
          ? "exports.greet = 'over TLS';"
          : "export const greet = 'over TLS';",
      );
    },
  );
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}/repo/`;
});

after(() => {
  server?.closeAllConnections();
  server?.close();
  rmSync(root, { recursive: true, force: true });
});

interface Failure {
  code: string;
  details: { where: string; expected: string; received: string; fix: string };
}

/** What the program gets importing and requiring a module of the server, run with `args` and `env`. */
function load(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return runJsonAsync([...args, 'repository-answers/main.mjs'], {
    REPO_URL: base,
    CACHE_DIR: mkdtempSync(join(root, 'cache-')),
    IMPORTS: '["repo:team/a.js"]',
    REQUIRES: '["repo:team/b.cjs"]',
    NODE_EXTRA_CA_CERTS: '',
    SSL_CERT_FILE: '',
    NODE_OPTIONS: '',
    ...env,
  });
}

const LOADED = { 'import repo:team/a.js': 'over TLS', 'require repo:team/b.cjs': 'over TLS' };

/** The codes of what `value` threw, by import and require. */
function codes(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, one]) => [key, (one as { code?: unknown }).code ?? one]),
  );
}

test('httpRepository downloads from a server whose certificate the program trusts through NODE_EXTRA_CA_CERTS or --use-openssl-ca, and refuses it otherwise', async (t) => {
  if (openssl) return t.skip(openssl);
  assert.deepEqual(codes(await load([], {})), {
    'import repo:team/a.js': 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE',
    'require repo:team/b.cjs': 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE',
  });
  assert.deepEqual(await load([], { NODE_EXTRA_CA_CERTS: certFile }), LOADED);
  assert.deepEqual(await load(['--use-openssl-ca'], { SSL_CERT_FILE: certFile }), LOADED);
  assert.deepEqual(
    await load([], { NODE_OPTIONS: '--use-openssl-ca', SSL_CERT_FILE: certFile }),
    LOADED,
  );
});

test('httpRepository downloads from a server whose certificate the program trusts through --use-system-ca, on the command line or in NODE_OPTIONS', async (t) => {
  if (openssl) return t.skip(openssl);
  const supported = runNode(['-p', "process.allowedNodeEnvironmentFlags.has('--use-system-ca')"]);
  if (supported.stdout.trim() !== 'true') {
    return t.skip('this Node has no --use-system-ca');
  }
  if (process.platform !== 'linux') {
    return t.skip("the system's store is OpenSSL's, which SSL_CERT_FILE names, only on Linux");
  }
  // The system's store, on Linux, is OpenSSL's: SSL_CERT_FILE names it.
  assert.deepEqual(await load(['--use-system-ca'], { SSL_CERT_FILE: certFile }), LOADED);
  assert.deepEqual(
    await load([], { NODE_OPTIONS: '--use-system-ca', SSL_CERT_FILE: certFile }),
    LOADED,
  );
});

test("a program's own TLS limit (--tls-max-v1.2) holds for httpRepository's downloads as for its fetch", async (t) => {
  if (openssl) return t.skip(openssl);
  // The server speaks TLS 1.3 only: a program that allows no more than 1.2 cannot reach it.
  const refused = {
    'import repo:team/a.js': 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE',
    'require repo:team/b.cjs': 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE',
  };
  assert.deepEqual(
    codes(await load(['--tls-max-v1.2'], { NODE_EXTRA_CA_CERTS: certFile })),
    refused,
  );
  assert.deepEqual(
    codes(await load([], { NODE_OPTIONS: '--tls-max-v1.2', NODE_EXTRA_CA_CERTS: certFile })),
    refused,
  );
});

test('a server certificate the program does not trust fails with the way to trust its CA, and one for another host says to check the url, rather than that no connection was made', async (t) => {
  if (openssl) return t.skip(openssl);
  const systemCa = runNode(['-p', "process.allowedNodeEnvironmentFlags.has('--use-system-ca')"]);
  const offline = 'A module downloaded once loads from the cache offline.';
  const untrusted = (await load([], {}))['import repo:team/a.js'] as Failure;
  assert.equal(untrusted.code, 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE');
  assert.equal(
    untrusted.details.expected,
    'a server certificate signed by a CA this program trusts',
  );
  assert.match(untrusted.details.received, /^self-signed certificate/);
  assert.equal(
    untrusted.details.fix,
    `If the server is the one meant, have Node trust the CA that signed its certificate (a company's own CA, say): run the program with NODE_EXTRA_CA_CERTS set to the CA's PEM file${systemCa.stdout.trim() === 'true' ? ', or with --use-system-ca where the CA is installed in the system' : ''}. The thread that downloads trusts what these make the program trust, but not a CA given in code (tls.setDefaultCACertificates, an agent's ca option). ${offline}`,
  );
  // Trusted, but issued for 127.0.0.1 only.
  const otherHost = base.replace('127.0.0.1', 'localhost');
  const value = await load([], { NODE_EXTRA_CA_CERTS: certFile, REPO_URL: otherHost });
  const misnamed = value['import repo:team/a.js'] as Failure;
  assert.equal(misnamed.code, 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE');
  assert.deepEqual(misnamed.details, {
    where: `repo:team/a.js (${otherHost}team/a.js)`,
    expected: 'a valid certificate for the server',
    received: misnamed.details.received,
    fix: `The server's certificate is not valid for this connection: check that the url option names a host the certificate is for, and that the certificate is current. ${offline}`,
  });
  assert.match(misnamed.details.received, /localhost/);
});
