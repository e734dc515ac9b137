/**
 * Whether Node loads a module of this format as an ES module: JavaScript, or TypeScript that Node
 * strips of its types after the load hooks (Node 22.18+ and 24), which hookline hooks the same way.
 */
export function isEsModuleFormat(format: string | null | undefined): boolean {
  return format === 'module' || format === 'module-typescript';
}
