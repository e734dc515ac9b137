/**
 * Which modules a hook applies to: names (`express`, `pkg/sub`, `node:fs`) or files of the program
 * (`./conf.js` relative to the calling file, an absolute path, a `file:` URL), an array of them, a
 * RegExp or a predicate tested on each specifier as written.
 */
export type ImportMatcher = string | readonly string[] | RegExp | ((specifier: string) => boolean);

/**
 * How the module was loaded by Node: `json` for a JSON file, by `require` or by an import with
 * `{ type: 'json' }`.
 */
export type ModuleFormat = 'commonjs' | 'module' | 'builtin' | 'json';

/** What an `onImport` handler is told about the module it receives. */
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
 * JSON file its parsed value.
 */
export type ImportHandler = (exports: any, info: ImportInfo) => unknown;

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
 * const mockAll = <T>(names: string[], exports: MockExports<T>) =>
 *   names.map((name) => mockModule(name, exports));
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

/** How a module was asked for. */
export type ImportKind = 'import' | 'dynamic-import' | 'require' | 'get-builtin-module';

/** One request for a module, as `auditImports` reports it. */
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

/** Source a scheme loader hands back. */
export interface SchemeModule {
  readonly source: string | Uint8Array;
  /** Defaults to `module`. */
  readonly format?: 'module' | 'commonjs' | 'json';
}

/**
 * Loads a module for a URL with a registered scheme. A loader that returns synchronously works
 * for `import`, `import()` and `require`; one that returns a promise works only on Node 20, for
 * `import` and `import()` (register it with `{ async: true }`).
 */
export type SchemeLoader = (url: URL) => SchemeModule | Promise<SchemeModule>;

/** A source map as produced by most tools (version 3). */
export interface SourceMapInput {
  readonly version: number;
  readonly sources: readonly (string | null)[];
  readonly mappings: string;
  readonly names?: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
  readonly file?: string;
  readonly sourceRoot?: string;
}

/** What a transform is told about the source it rewrites. */
export interface TransformInfo {
  /** The module's URL (`file:` for files). */
  readonly url: string;
  readonly format: 'module' | 'commonjs';
}

/** A transform returns the new code, with or without a source map. */
export type TransformResult =
  | string
  | { readonly code: string; readonly map?: SourceMapInput | null };

/** Rewrites a module's source as it loads. */
export type Transformer = (source: string, info: TransformInfo) => TransformResult;

/**
 * Which files a transform applies to: a path prefix (absolute, or relative to the working
 * directory, such as `src/`), a RegExp tested on the URL, or a predicate on the URL.
 */
export type TransformFilter = string | RegExp | ((url: string) => boolean);
