/**
 * A remote virtual repository (the talk's 2.1.6: an `s3://` path hook). `registerScheme` gives
 * `import 'repo:team/some_module'` to a loader; `httpRepository` is a real one: it fetches from an
 * HTTP(S) server, caches on disk (the second run needs no network) and checks integrity. The
 * "remote" server here runs on loopback.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { httpRepository, registerScheme } from 'hookline/modules';

// The repository server runs on a thread of its own: module loading is synchronous, so this
// thread waits while the module downloads, as it would for a server on another machine.
const server = new Worker(
  `
  const { createServer } = require('node:http');
  const { parentPort } = require('node:worker_threads');
  const server = createServer((request, response) => {
    console.log('repository: GET ' + request.url);
    if (request.url === '/repo/team/some_module.js') {
      response.end('export default { toString: () => "Hello PyCon 2016" };');
    } else {
      response.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
  parentPort.on('message', () => server.close(() => process.exit(0)));
  `,
  { eval: true },
);
const [port] = (await once(server, 'message')) as [number];
const url = `http://127.0.0.1:${port}/repo/`;
const cacheDir = mkdtempSync(join(tmpdir(), 'hookline-example-'));

try {
  using _scheme = registerScheme('repo', httpRepository({ url, cacheDir }));
  console.log(`Handle: repo: → ${url}`);
  const specifier = 'repo:team/some_module'; // not a file TypeScript could check
  const { default: someModule } = await import(specifier);
  console.log('-'.repeat(30));
  console.log(String(someModule));
} finally {
  server.postMessage('close');
  rmSync(cacheDir, { recursive: true, force: true });
}
