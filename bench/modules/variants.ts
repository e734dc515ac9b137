/**
 * What the start-up benchmarks compare (startup.bench.ts times them, instructions.bench.ts counts
 * their instructions): the benchmark app's entries, and each way of running it — plain, Node's
 * own hooks that only call through, hookline's features, and the peers hooking everything.
 */
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository's root (this file runs from build/bench/modules). */
export const repo = join(here, '..', '..', '..');
const source = join(repo, 'bench', 'modules');
/** The benchmark app: 14 packages, ES module and CommonJS entries. */
export const app = join(source, 'app');
const hooks = join(source, 'hooks');
const inThread = typeof (Module as { registerHooks?: unknown }).registerHooks === 'function';

/** One way of running the app: Node's arguments before the entry, and its environment. */
export interface Variant {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The environment a variant runs in: this one's, without a debug log or a preload it may have
 * set (each hookline variant names its own preload).
 */
export function variantEnv(variant: Variant): NodeJS.ProcessEnv {
  return { ...process.env, NODE_DEBUG: '', HOOKLINE_PRELOAD: '', ...variant.env };
}

/** A program the variants run. */
export interface Entry {
  readonly name: string;
  readonly file: string;
}

const hookline: Variant['args'] = ['--import', 'hookline/register'];
/** Plain first: every other variant is compared with it. */
export const variants: readonly Variant[] = [
  { name: 'plain', args: [] },
  // Node's own costs, for reference: the --import flag, and module hooks that do nothing.
  { name: 'Node: --import of an empty module', args: ['--import', join(hooks, 'empty.mjs')] },
  inThread
    ? {
        name: 'Node: pass-through registerHooks()',
        args: ['--import', join(hooks, 'passthrough-hooks.mjs')],
      }
    : {
        name: 'Node: pass-through register()',
        args: ['--import', join(hooks, 'passthrough-register.mjs')],
      },
  // What each hookline row below needs of them on Node 22.15+/24: onImport on an ES module
  // found by package name needs the load hook alone, auditImports the resolve hook alone.
  ...(inThread
    ? [
        {
          name: 'Node: pass-through load hook alone',
          args: ['--import', join(hooks, 'passthrough-load.mjs')],
        },
        {
          name: 'Node: pass-through resolve hook alone',
          args: ['--import', join(hooks, 'passthrough-resolve.mjs')],
        },
      ]
    : []),
  {
    name: 'hookline onImport (CJS pkg)',
    args: hookline,
    env: { HOOKLINE_PRELOAD: join(hooks, 'onimport-cjs.mjs') },
  },
  {
    name: 'hookline onImport (ESM pkg)',
    args: hookline,
    env: { HOOKLINE_PRELOAD: join(hooks, 'onimport-esm.mjs') },
  },
  // The first run of a program, or one with the instrumentation cache off: chalk parsed again.
  {
    name: 'hookline onImport (ESM pkg), no cache',
    args: hookline,
    env: { HOOKLINE_PRELOAD: join(hooks, 'onimport-esm.mjs'), HOOKLINE_CACHE: '0' },
  },
  {
    name: 'hookline auditImports',
    args: hookline,
    env: { HOOKLINE_PRELOAD: join(hooks, 'audit.mjs') },
  },
  { name: 'require-in-the-middle (all)', args: ['--require', join(hooks, 'ritm.cjs')] },
  { name: 'import-in-the-middle async (all)', args: ['--import', join(hooks, 'iitm-async.mjs')] },
  ...(inThread
    ? [
        {
          name: 'import-in-the-middle sync (all)',
          args: ['--import', join(hooks, 'iitm-sync.mjs')],
        },
      ]
    : []),
];
/** The app, from either entry. */
export const entries: readonly Entry[] = [
  { name: 'ESM entry', file: join(app, 'app.mjs') },
  { name: 'CJS entry', file: join(app, 'app.cjs') },
];
/** The hooked ES module package alone (chalk), imported and required. */
export const packageOnlyEntries: readonly Entry[] = [
  { name: 'import', file: join(app, 'chalk-only.mjs') },
  { name: 'require', file: join(app, 'chalk-only.cjs') },
];
/** An empty program: what is left is each variant's fixed cost. */
export const emptyEntries: readonly Entry[] = [
  { name: 'ESM', file: join(app, 'empty.mjs') },
  { name: 'CJS', file: join(app, 'empty.cjs') },
];
