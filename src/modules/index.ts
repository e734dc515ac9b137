export type { Unhook } from '../internal/unhook.js';
export { auditImports } from './audit-imports.js';
export { type LazyImportOptions, lazyImport } from './lazy-import.js';
export { mockModule } from './mock-module.js';
export { onImport } from './on-import.js';
export { redirect } from './redirect.js';
export { registerScheme, type SchemeOptions } from './register-scheme.js';
export { type HttpRepositoryOptions, httpRepository } from './repository/http-repository.js';
export { transform } from './transform.js';
export type {
  ImportEvent,
  ImportHandler,
  ImportInfo,
  ImportKind,
  ImportMatcher,
  MockExports,
  ModuleFormat,
  SchemeLoader,
  SchemeModule,
  SourceMapInput,
  Transformer,
  TransformFilter,
  TransformInfo,
  TransformResult,
} from './types.js';
