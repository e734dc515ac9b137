import type { TransformEntry } from './registry.js';
import { noteRewrite } from './transform-errors.js';
import type { SourceRewrite } from './transform-source.js';

/**
 * What the transforms made of the ES modules an import loaded, by URL. Node reads such a
 * module's source again when the program then requires it (through the module hooks on Node
 * 22.15+ and 24, through `module._compile` on Node 20), and uses the module the import made: the
 * transforms do not run again on that read (a transform that counts, logs or registers a file for
 * coverage sees it once). One entry per module an import loaded that a transform selected; none
 * while no transform is registered.
 */
const imported = new Map<string, ImportedRewrite>();

interface ImportedRewrite {
  /**
   * The transforms that selected the module, in order, by {@link idOf}: a transform undone (a
   * test runner's, per test) is not kept alive by the modules it ran on.
   */
  readonly transforms: readonly number[];
  /**
   * The code Node was given for the import, where it loaded on this thread (Node 22.15+, 24):
   * the string Node keeps for the module, so held here at no cost. Node compiles it for the
   * require where the import's compile failed (it made no module then), and fails the same way.
   * On Node 20 (`undefined`), Node's ES module loader keeps the module it began for the import,
   * whatever became of it, and never compiles what a require reads of the file.
   */
  readonly code: string | undefined;
  /** Which of `transforms` changed the source, by their place in it. */
  readonly applied: readonly number[];
  readonly mapped: boolean;
}

const ids = new WeakMap<TransformEntry, number>();
let lastId = 0;

function idOf(entry: TransformEntry): number {
  let id = ids.get(entry);
  if (id === undefined) {
    id = ++lastId;
    ids.set(entry, id);
  }
  return id;
}

/**
 * Notes what the transforms made of an ES module an import loaded: `code` is what Node was given
 * for it (on Node 20, where the loader thread instruments it further, `undefined`).
 */
export function noteImportedRewrite(
  url: string,
  transforms: readonly TransformEntry[],
  rewrite: SourceRewrite,
  code: string | undefined,
): void {
  imported.set(url, {
    transforms: transforms.map(idOf),
    code,
    applied: rewrite.applied.map((entry) => transforms.indexOf(entry)),
    mapped: rewrite.mapped,
  });
}

/**
 * The source to give Node when a require reads again an ES module an import loaded, without
 * running `transforms` on it again: what the import was given (where the same transforms select
 * it still; else they run, for a module Node may make anew), or, on Node 20, `source` as it is,
 * which Node does not use. `undefined` where the transforms are to run.
 */
export function sourceForRequireOfImported(
  url: string,
  transforms: readonly TransformEntry[],
  source: string,
): string | undefined {
  const entry = imported.get(url);
  if (!entry) return undefined;
  if (entry.code === undefined) return source;
  if (!sameTransforms(entry.transforms, transforms)) return undefined;
  // Where the import's compile failed, Node compiles this code now: its error is told as the
  // import's was, from the rewrite.
  if (entry.applied.length > 0) {
    noteRewrite({
      url,
      format: 'module',
      applied: entry.applied.map((at) => transforms[at] as TransformEntry),
      code: entry.code,
      map: undefined,
      mapped: entry.mapped,
    });
  }
  return entry.code;
}

function sameTransforms(noted: readonly number[], transforms: readonly TransformEntry[]): boolean {
  return (
    noted.length === transforms.length &&
    transforms.every((entry, at) => ids.get(entry) === noted[at])
  );
}
