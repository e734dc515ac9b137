import { Module } from 'node:module';

export interface CjsModule {
  exports: unknown;
  filename: string;
  id: string;
  path: string;
  paths: string[];
  loaded: boolean;
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
  require(id: string): unknown;
}
export interface ModuleStatics {
  _load(
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
    ...rest: unknown[]
  ): unknown;
  _resolveFilename(
    request: string,
    parent: CjsModule | null | undefined,
    isMain: boolean,
    options?: unknown,
  ): string;
  _cache: Record<string, CjsModule | undefined>;
  _extensions: Record<string, ((module: CjsModule, filename: string) => void) | undefined>;
  _nodeModulePaths(from: string): string[];
  new (id: string, parent?: CjsModule | null): CjsModule;
  prototype: CjsModule;
}

export const M = Module as unknown as ModuleStatics;
