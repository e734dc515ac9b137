/**
 * Tells an `import.meta.resolve()` from an import in the in-thread resolve hook (Node 22.15+/24),
 * so that the audit does not report a module that nothing loads.
 *
 * Node hands module hooks an `import.meta.resolve()` exactly as it hands them a static import: the
 * same specifier, parent and conditions. What differs is the import attributes object: each
 * static import and each `import()` gets one of its own, while every `import.meta.resolve()` gets
 * one empty object Node shares (and so do the `--import` preloads, whose parent is a folder). One
 * call of `import.meta.resolve` from hookline's own ES module chunk, while the hook is registered,
 * shows which object that is; a second shows that Node shares it. Where either fails (a Node that
 * makes a new object per call, a program hook above hookline's that does not call through), every
 * resolution is taken for an import, as on Node 20, whose loader thread gets copies of the
 * context.
 */

/** The specifier the probe resolves, answered by hookline's resolve hook itself. */
const probeSpecifier = 'hookline:import-meta-resolve-probe';

/** `import.meta.resolve` of hookline's ES module chunk, which the chunk hands over as it runs. */
let metaResolve: ((specifier: string) => string) | undefined;

/** A probe is under way: the resolve hook answers it. */
export let probing = false;

/** The attributes each probe's resolution was given. */
const probed: unknown[] = [];

/** The attributes object Node gives every `import.meta.resolve()`, once learnt. */
let shared: object | undefined;
let learnt = false;

/**
 * The ES module chunk that runs hookline's core hands over its `import.meta.resolve`: the core runs
 * as a script, which has no `import.meta`. The first one given is kept, if the chunk ran in Node's
 * own realm: a jest test file's realm has its loader's `import.meta`, not Node's, and the function
 * would keep that realm alive for as long as the worker runs.
 */
export function offerImportMetaResolve(resolve: (specifier: string) => string): void {
  if (resolve instanceof Function) metaResolve ??= resolve;
}

/**
 * Learns {@link shared}, once, with the in-thread resolve hook installed: `open` runs the probe
 * with the hooks registered (a window, see esm-windows.ts).
 */
export function learnImportMetaResolve(open: (probe: () => void) => void): void {
  if (learnt || metaResolve === undefined) return;
  learnt = true;
  const resolve = metaResolve;
  probing = true;
  try {
    open(() => {
      resolve(probeSpecifier);
      resolve(probeSpecifier);
    });
  } catch {
    // A hook above hookline's refused the probe: resolutions stay imports.
  } finally {
    probing = false;
  }
  const [first, second] = probed.splice(0);
  if (typeof first === 'object' && first !== null && first === second) shared = first;
}

/** The probe's own resolution: answered without Node, and noted. */
export function probeAnswer(
  specifier: string,
  attributes: unknown,
): { url: string; shortCircuit: true } | undefined {
  if (specifier !== probeSpecifier) return undefined;
  probed.push(attributes);
  return { url: probeSpecifier, shortCircuit: true };
}

/**
 * Whether a resolution with these attributes, from `parentURL`, is an `import.meta.resolve()`:
 * the shared object from a module (the preloads share it too, from the working folder).
 */
export function isImportMetaResolve(attributes: unknown, parentURL: string | undefined): boolean {
  return (
    attributes === shared &&
    shared !== undefined &&
    parentURL !== undefined &&
    !parentURL.endsWith('/')
  );
}
