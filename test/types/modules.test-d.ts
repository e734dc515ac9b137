import {
  auditImports,
  httpRepository,
  type ImportEvent,
  type ImportHandler,
  type ImportInfo,
  type ImportMatcher,
  lazyImport,
  type MockExports,
  mockModule,
  onImport,
  redirect,
  registerScheme,
  type SchemeLoader,
  transform,
  type Unhook,
} from 'hookline/modules';

const unhook: Unhook = onImport('express', (exports: unknown, info: ImportInfo) => {
  const format: 'commonjs' | 'module' | 'builtin' | 'json' = info.format;
  const version: string | undefined = info.version;
  return [exports, format, version];
});
unhook();
unhook[Symbol.dispose]();
const active: boolean = unhook.active;
onImport(['node:fs', 'fs'], () => undefined);
onImport(/^@scope\//, () => undefined);
onImport(
  (specifier) => specifier.startsWith('x'),
  () => undefined,
);
// @ts-expect-error a matcher is a name, names, a RegExp or a predicate
onImport(42, () => undefined);
// @ts-expect-error an empty list hooks nothing (refused at run time too)
onImport([], () => undefined);
const databases: ImportMatcher = ['pg', 'mysql2'];
onImport(databases, () => undefined);
onImport(['pg', 'mysql2'] as const, () => undefined);
// A list built at run time is checked for a first name before it is passed on.
declare const configured: string[];
const [first, ...rest] = configured;
if (first !== undefined) onImport([first, ...rest], () => undefined);
// @ts-expect-error a string[] may be empty
onImport(configured, () => undefined);
// @ts-expect-error the handler is required
onImport('express');

auditImports((event: ImportEvent) => {
  const kind: 'import' | 'dynamic-import' | 'require' | 'get-builtin-module' = event.kind;
  const importer: string | undefined = event.importer;
  return [kind, importer, event.time.toFixed(), event.resolved];
});
// @ts-expect-error events are read-only
auditImports((event) => (event.kind = 'require'));

mockModule('pycon2016', { toString: () => 'hello' });
mockModule('axios', () => ({ get: async () => ({ data: 1 }) }));
redirect('urllib2', './local/urllib2.js');
redirect('urllib2', new URL('file:///local/urllib2.js'));
// @ts-expect-error the replacement is a path or URL
redirect('urllib2', 42);

registerScheme('repo', (url: URL) => ({ source: `export default ${JSON.stringify(url.href)}` }));
registerScheme('repo', async () => ({ source: '', format: 'module' }), { async: true });
registerScheme(
  'repo',
  httpRepository({ url: 'https://modules.example.com/', integrity: { a: 'sha384-x' } }),
);
// @ts-expect-error a loader returns { source, format? }
registerScheme('repo', () => 'export default 1');
// A loader that returns a promise says so with { async: true } (Node 20 only): without it, Node 24
// refuses the import, and Node 20's require.
// @ts-expect-error an async loader without { async: true }
registerScheme('repo', async () => ({ source: '' }));
// @ts-expect-error a loader that returns a promise, without { async: true }
registerScheme('repo', () => Promise.resolve({ source: '' }));
// @ts-expect-error { async: false } is no better
registerScheme('repo', async () => ({ source: '' }), { async: false });
declare const maybeAsync: boolean;
// @ts-expect-error nor an async option that may be false
registerScheme('repo', async () => ({ source: '' }), { async: maybeAsync });
registerScheme('repo', () => Promise.resolve({ source: '' }), { async: true });
// A loader typed SchemeLoader answers synchronously, and needs no option; SchemeLoader<true> may
// return a promise, and needs { async: true }.
const syncLoader: SchemeLoader = () => ({ source: '' });
registerScheme('repo', syncLoader);
registerScheme('repo', syncLoader, { async: maybeAsync });
// @ts-expect-error SchemeLoader answers synchronously
const notSync: SchemeLoader = async () => ({ source: '' });
const asyncLoader: SchemeLoader<true> = async () => ({ source: '' });
registerScheme('repo', asyncLoader, { async: true });
// @ts-expect-error SchemeLoader<true> may return a promise: { async: true } is needed
registerScheme('repo', asyncLoader);
void notSync;
// @ts-expect-error formats are module, commonjs or json
registerScheme('repo', () => ({ source: '', format: 'wasm' }));

transform('src/', (source) => source.replaceAll('a', 'b'));
transform(/\.js$/, (source, info) => ({ code: `${source}//${info.format}`, map: null }));
// Nothing leaves the source as it is; a map may be JSON text (esbuild's, SWC's transformSync).
transform('src/', () => undefined);
transform('src/', (code) => ({ code, map: '{"version":3,"sources":[],"mappings":""}' }));
// @ts-expect-error a transform returns code
transform('src/', () => 42);

const yaml = lazyImport<{ parse(text: string): unknown }>('yaml');
yaml.parse('a: 1');
// @ts-expect-error typed lazily imported modules keep their types
yaml.stringify({});

export { active };

// mockModule refuses at compile time what it refuses at run time.
mockModule('x', null);
mockModule('x', 42);
mockModule('x', () => class Fake {});
mockModule('x', await import('node:path'));
// @ts-expect-error modules load synchronously: an async factory is refused
mockModule('x', async () => ({ a: 1 }));
// @ts-expect-error a factory that returns a promise is refused
mockModule('x', () => Promise.resolve({ a: 1 }));
// @ts-expect-error a promise is refused: load what the mock needs first
mockModule('x', import('node:path'));
// @ts-expect-error undefined is a forgotten argument
mockModule('x', undefined);
declare const maybeExports: { a: number } | undefined;
// @ts-expect-error exports that may be undefined are refused
mockModule('x', maybeExports);
// @ts-expect-error a function is a factory, and a class cannot be called: pass () => Fake
mockModule('x', class Fake {});
// @ts-expect-error the exports are required
mockModule('x');
const mockAll = <T>(names: string[], exports: MockExports<T>) =>
  names.map((name) => mockModule(name, exports));
mockAll(['axios', 'got'], { get: async () => ({ data: 1 }) });
// @ts-expect-error a helper that passes MockExports on keeps the checks
mockAll(['axios'], async () => ({}));

// onImport handlers typed as the module's own exports, without casts.
onImport('node:fs', (fs: typeof import('node:fs'), info) => {
  const format: 'builtin' | 'commonjs' | 'module' | 'json' = info.format;
  return { ...fs, format };
});
onImport('node:fs', (fs: typeof import('node:fs')) => {
  fs.existsSync = () => true;
});
const typedHandler: ImportHandler = (exports) => exports;
onImport('express', typedHandler);
// @ts-expect-error handlers run while the module loads: an async handler is refused
onImport('express', async (express) => express);
// @ts-expect-error a handler that returns a promise is refused
onImport('express', (express) => Promise.resolve(express));

// Without a type argument, the stand-in is read by any name and called, as at run time
// (this configuration has noPropertyAccessFromIndexSignature).
const untyped = lazyImport('yaml');
untyped.parse('a: 1');
lazyImport('express')().listen(0);

// Under exactOptionalPropertyTypes, an option or field left undefined is accepted, as at run time:
// options are often passed on from the caller's own optional settings.
declare const settings: { base?: string; token?: string; timeout?: number; async?: boolean };
lazyImport('yaml', { from: settings.base });
registerScheme('repo', () => ({ source: '', format: undefined }), { async: settings.async });
httpRepository({
  url: 'https://modules.example.com/',
  cacheDir: settings.base,
  timeout: settings.timeout,
  headers: settings.token === undefined ? undefined : { authorization: settings.token },
  integrity: undefined,
  lock: undefined,
  refresh: undefined,
  extension: undefined,
});
transform('src/', (source, info) => ({
  code: source,
  map: {
    version: 3,
    sources: [info.url],
    mappings: '',
    file: undefined,
    names: undefined,
    sourceRoot: undefined,
    sourcesContent: undefined,
  },
}));
transform('src/', (source) => ({ code: source, map: undefined }));
