import { moduleKey } from '../matcher.js';
import { type MockEntry, registry } from '../registry.js';

export function mockFor(request: string) {
  if (registry.mocks.size === 0) return undefined;
  const mock = registry.mocks.get(moduleKey(request));
  return mock && !mock.building ? mock : undefined;
}

/**
 * What a tool that resolves a require before making it is told of a mocked request: no file (a
 * mock has none), so that it calls through to `require`, which gives the mock, rather than answer
 * with the module it cached under the real file, or cache the mock there for after the undo.
 */
export function mockedNotResolved(request: string, id: number): Error {
  return Object.assign(
    new Error(
      `Cannot find module '${request}': hookline mocks it (hookline:mock/${id}), and require('${request}') gives the mock`,
    ),
    { code: 'MODULE_NOT_FOUND' },
  );
}

/** What `require` adds to a path it does not find as it is: extensions, then a folder's index. */
const REQUIRE_TRIES = ['', '.js', '.json', '.node', '/index.js', '/index.json', '/index.node'];

/**
 * The mock of a file yet to be written that `url` names as `require` would find it if it were
 * there: `require('./routes')` gets the mock of `./routes.js`. Looked for only once the path
 * failed to resolve.
 */
export function mockOfMissingFile(url: string): MockEntry | undefined {
  for (const suffix of REQUIRE_TRIES) {
    const mock = registry.mocks.get(`${url}${suffix}`);
    if (mock) return mock;
  }
  return undefined;
}
