/**
 * Which modules a hook applies to: names (`express`, `pkg/sub`, `node:fs`) or files of the program
 * (`./conf.js` relative to the calling file, an absolute path, a `file:` URL), a non-empty array of
 * them, a RegExp or a predicate tested on each specifier as written. An empty array hooks nothing,
 * and is refused: a list built at run time (a `string[]`) is passed on once it has a first name.
 *
 * @example
 * ```ts
 * import { type ImportMatcher, onImport } from 'hookline/modules';
 * const databases: ImportMatcher = ['pg', 'mysql2', '@prisma/client'];
 * onImport(databases, (driver, info) => console.log(`${info.name} ${info.version} loaded`));
 * ```
 */
export type ImportMatcher =
  | string
  | readonly [string, ...string[]]
  | RegExp
  | ((specifier: string) => boolean);

/**
 * How the module was loaded by Node: `json` for a JSON file, by `require` or by an import with
 * `{ type: 'json' }`.
 *
 * @example
 * ```ts
 * import { type ModuleFormat, onImport } from 'hookline/modules';
 * const formats: ModuleFormat[] = [];
 * onImport(/^@acme\//, (exports, info) => void formats.push(info.format));
 * ```
 */
export type ModuleFormat = 'commonjs' | 'module' | 'builtin' | 'json';

/**
 * What an `onImport` handler is told about the module it receives.
 *
 * @example
 * ```ts
 * import { type ImportInfo, onImport } from 'hookline/modules';
 * function logLoad(info: ImportInfo): void {
 *   console.log(`${info.name}@${info.version ?? '(no version)'} as ${info.format} from ${info.path}`);
 * }
 * onImport('express', (express, info) => void logLoad(info));
 * ```
 */
export interface ImportInfo {
  /** Package name (`express`, `@scope/pkg`), `node:fs` for a builtin, else the specifier. */
  readonly name: string;
  /**
   * The package's version from its own package.json (at the package's root, not a nested one that
   * only sets a `type`), read the first time it is asked for.
   */
  readonly version: string | undefined;
  /** The module's file path, or its URL when it is not a file. */
  readonly path: string;
  readonly format: ModuleFormat;
}

/**
 * Receives a module's exports once it has loaded. Assign to `exports` to change single
 * exports, or return a value to replace the exports importers see. CommonJS gets
 * `module.exports`, a builtin its exports object, an ES module a live view of its namespace, a
 * JSON file its parsed value. It runs while the module loads, so it returns synchronously: one that
 * returns a promise (an `async` function) does not compile (`Result` is what it returns), and at
 * run time is reported and leaves the module unpatched.
 *
 * @example
 * ```ts
 * import { type ImportHandler, onImport } from 'hookline/modules';
 * import type * as Fs from 'node:fs';
 * // Type the exports as the module's own types: the handler's parameter takes any type.
 * const countReads: ImportHandler = (fs: typeof Fs) => {
 *   const readFileSync = fs.readFileSync;
 *   let reads = 0;
 *   fs.readFileSync = ((...args: Parameters<typeof readFileSync>) => {
 *     reads += 1;
 *     return readFileSync(...args);
 *   }) as typeof readFileSync;
 * };
 * onImport('node:fs', countReads);
 * ```
 */
export type ImportHandler<Result = unknown> = (
  exports: any,
  info: ImportInfo,
) => Result extends PromiseLike<unknown> ? never : Result;

/**
 * What `mockModule` takes for a module: its exports, or a factory `() => exports` that makes them
 * at the first load. What the call refuses at run time does not compile either: `undefined`, a
 * promise, a factory that is `async` or returns a promise (modules load synchronously), and a
 * class (a function is a factory; pass `() => TheClass`).
 *
 * @example
 * ```ts
 * import { type MockExports, mockModule } from 'hookline/modules';
 * // A test helper that passes its argument on keeps the checks:
 * function mockAll<T>(names: string[], exports: MockExports<T>) {
 *   return names.map((name) => mockModule(name, exports));
 * }
 * mockAll(['axios', 'got'], { get: async () => ({ data: 1 }) });
 * // mockAll(['axios'], async () => ({})); // does not compile: modules load synchronously
 * ```
 */
export type MockExports<T> = T extends
  | undefined
  | PromiseLike<unknown>
  | (abstract new (
      ...args: never
    ) => unknown)
  ? never
  : T extends (...args: never) => infer Made
    ? Made extends PromiseLike<unknown>
      ? never
      : T
    : T;

/**
 * How a module was asked for.
 *
 * @example
 * ```ts
 * import { auditImports, type ImportKind } from 'hookline/modules';
 * const counts = new Map<ImportKind, number>();
 * auditImports((event) => void counts.set(event.kind, (counts.get(event.kind) ?? 0) + 1));
 * ```
 */
export type ImportKind = 'import' | 'dynamic-import' | 'require' | 'get-builtin-module';

/**
 * One request for a module, as `auditImports` reports it.
 *
 * @example
 * ```ts
 * import { auditImports, type ImportEvent } from 'hookline/modules';
 * const events: ImportEvent[] = [];
 * const undo = auditImports((event) => void events.push(event));
 * await import('node:zlib');
 * undo();
 * const first = events[0]; // undefined when nothing was imported
 * console.log(first?.kind, first?.specifier, first?.importer ?? 'the entry point');
 * ```
 */
export interface ImportEvent {
  /** As the importer wrote it: `./util.js`, `express`, `node:fs`. */
  readonly specifier: string;
  /**
   * What it resolved to: a `file:` URL, a `node:` URL, a scheme URL, or `hookline:mock/<n>` for a
   * module `mockModule` stands in for.
   */
  readonly resolved: string;
  /** The file (URL) that asked; `undefined` for the entry point. */
  readonly importer: string | undefined;
  readonly kind: ImportKind;
  /**
   * When, in milliseconds since the epoch (sub-millisecond precision): on the clock of
   * `performance.timeOrigin + performance.now()` once the program has used `performance`, so the
   * two can be compared; before that, up to 1 ms early (`Date.now()` anchors it).
   */
  readonly time: number;
}

/**
 * Source a scheme loader hands back.
 *
 * @example
 * ```ts
 * import { registerScheme, type SchemeModule } from 'hookline/modules';
 * const settings: SchemeModule = { source: '{"debug":true}', format: 'json' };
 * registerScheme('settings', () => settings);
 * ```
 */
export interface SchemeModule {
  readonly source: string | Uint8Array;
  /** Defaults to `module`. */
  readonly format?: 'module' | 'commonjs' | 'json' | undefined;
}

/**
 * Loads a module for a URL with a registered scheme, synchronously: such a loader works for
 * `import`, `import()` and `require` on every Node. `SchemeLoader<true>` may also return a promise,
 * which works only on Node 20, for `import` and `import()`, and only with `{ async: true }`: the
 * types refuse such a loader without it, as every Node refuses its import.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { registerScheme, type SchemeLoader } from 'hookline/modules';
 * // `vendor:lodash/chunk.js` from a folder of sources kept outside node_modules.
 * const fromVendorFolder: SchemeLoader = (url) => ({
 *   source: readFileSync(new URL(url.pathname, 'file:///opt/vendor/')),
 * });
 * registerScheme('vendor', fromVendorFolder);
 * ```
 */
export type SchemeLoader<MayReturnPromise extends boolean = false> = (
  url: URL,
) => MayReturnPromise extends true ? SchemeModule | Promise<SchemeModule> : SchemeModule;

/**
 * A source map as produced by most tools (version 3).
 *
 * @example
 * ```ts
 * import { type SourceMapInput, transform } from 'hookline/modules';
 * // Prepending one line: each generated line but the first maps to the line before it.
 * transform('src/', (source, info) => {
 *   const lines = source.split('\n').length;
 *   const map: SourceMapInput = {
 *     version: 3,
 *     sources: [info.url],
 *     mappings: `;AAAA${';AACA'.repeat(lines - 1)}`,
 *   };
 *   return { code: `console.debug('loading');\n${source}`, map };
 * });
 * ```
 */
export interface SourceMapInput {
  readonly version: number;
  readonly sources: readonly (string | null)[];
  readonly mappings: string;
  readonly names?: readonly string[] | undefined;
  readonly sourcesContent?: readonly (string | null)[] | undefined;
  readonly file?: string | undefined;
  readonly sourceRoot?: string | undefined;
}

/**
 * What a transform is told about the source it rewrites.
 *
 * @example
 * ```ts
 * import { type TransformInfo, transform } from 'hookline/modules';
 * const banner = (info: TransformInfo): string =>
 *   info.format === 'module' ? '// ES module\n' : '// CommonJS\n';
 * transform('src/', (source, info) => banner(info) + source);
 * ```
 */
export interface TransformInfo {
  /** The module's URL (`file:` for files). */
  readonly url: string;
  readonly format: 'module' | 'commonjs';
  /**
   * Whether the source is TypeScript that Node strips of its types after the transforms (the
   * format Node was given is `module-typescript` or `commonjs-typescript`: Node 22.18+ and 24).
   * `false` for JavaScript, which a `.ts` file is too where a TypeScript loader (tsx) compiled it
   * before the transforms: the URL does not tell. hookline's loaders always say; a transformer
   * called by hand may be given none.
   */
  readonly typeScript?: boolean;
}

/**
 * A transform returns the new code, with or without a source map (an object, or the JSON text
 * of one, as esbuild's and SWC's `transformSync` give it); nothing (`undefined` or `null`)
 * leaves the source as it is.
 *
 * @example
 * ```ts
 * import { type TransformResult, transform } from 'hookline/modules';
 * transform('src/', (source): TransformResult => {
 *   if (!source.includes('__BUILD__')) return undefined; // unchanged
 *   return { code: source.replaceAll('__BUILD__', '"42"'), map: null };
 * });
 * ```
 */
export type TransformResult =
  | string
  | { readonly code: string; readonly map?: SourceMapInput | string | null | undefined }
  | undefined
  | null;

/**
 * Rewrites a module's source as it loads.
 *
 * @example
 * ```ts
 * import { type Transformer, transform } from 'hookline/modules';
 * const stripDebug: Transformer = (source) => source.replace(/^\s*debugger;$/gm, '');
 * transform('src/', stripDebug);
 * ```
 */
export type Transformer = (source: string, info: TransformInfo) => TransformResult;

/**
 * Which files a transform applies to: a path prefix (absolute, or relative to the working
 * directory, such as `src/`), a RegExp tested on the URL, or a predicate on the URL.
 *
 * @example
 * ```ts
 * import { type TransformFilter, transform } from 'hookline/modules';
 * const ownSources: TransformFilter = (url) => url.startsWith('file:') && !url.includes('/node_modules/');
 * transform(ownSources, (source) => source);
 * ```
 */
export type TransformFilter = string | RegExp | ((url: string) => boolean);
