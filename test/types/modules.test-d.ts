import {
  auditImports,
  httpRepository,
  type ImportEvent,
  type ImportInfo,
  lazyImport,
  mockModule,
  onImport,
  redirect,
  registerScheme,
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
// @ts-expect-error formats are module, commonjs or json
registerScheme('repo', () => ({ source: '', format: 'wasm' }));

transform('src/', (source) => source.replaceAll('a', 'b'));
transform(/\.js$/, (source, info) => ({ code: `${source}//${info.format}`, map: null }));
// @ts-expect-error a transform returns code
transform('src/', () => 42);

const yaml = lazyImport<{ parse(text: string): unknown }>('yaml');
yaml.parse('a: 1');
// @ts-expect-error typed lazily imported modules keep their types
yaml.stringify({});

export { active };
