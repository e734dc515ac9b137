import { builtinModules, createRequire, isBuiltin } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debug } from '../internal/debuglog.js';
import { existsSync, readdirSync } from '../internal/fs.js';
import { nearestNames } from '../internal/nearest-name.js';
import { onOwnExit } from '../internal/own-exit.js';
import { internally } from '../internal/own-loads.js';
import { isBareSpecifier, packageNameOf } from './matcher.js';
import {
  type ImportHook,
  type MockEntry,
  type RedirectEntry,
  registry,
  type TransformEntry,
} from './registry.js';
import { transformCall } from './transform-errors.js';

/** A hook watched for never applying: how to name it, what it names, and whether it is in force. */
interface Watched {
  /** The call as written: `onImport("pg")`, `mockModule("./conf.js")`. */
  readonly call: string;
  /** Module keys (`pg`, `node:fs`, `file:` URLs), as the registry files them. */
  readonly names: readonly string[];
  /** Said where what selects modules is a pattern or filter, which no name explains. */
  readonly unmatched?: string | undefined;
  readonly inForce: () => boolean;
  /**
   * What else may have happened, where this thread cannot know: Node 20's loader thread tells the
   * main thread nothing of the ES modules' imports it redirected.
   */
  readonly elsewhere?: () => string | undefined;
}

/**
 * The hooks and mocks watched for never applying: kept only while `NODE_DEBUG` names hookline,
 * so that a program without it pays one `undefined` check per handler call or mock served, and
 * nothing else.
 */
let watched: Map<object, Watched> | undefined;
const applied = new WeakSet<object>();

/**
 * Watches `hook` for never running, under `NODE_DEBUG=hookline` only: as the process (or worker
 * thread) exits, each hook still in force whose handler never ran is listed, with why its names
 * may have matched nothing (see {@link reportNeverApplied}). A hook that silently never applies is
 * the most common surprise, and an agent that hooks 40 optional packages must not be told about
 * them in every run: hence debug output, not a warning.
 */
export function watchNeverRun(hook: ImportHook): void {
  if (!debug.enabled) return;
  const { names, regexps, predicate, text } = hook.matcher;
  watch(hook, {
    call: `onImport(${JSON.stringify(text)})`,
    names,
    unmatched:
      regexps.length > 0 || predicate !== undefined
        ? 'its pattern matched no module that loaded'
        : undefined,
    inForce: () => registry.importHooks.has(hook),
  });
}

/** Watches a mock for never being served, as {@link watchNeverRun} does a hook. */
export function watchNeverServed(entry: MockEntry, key: string): void {
  if (!debug.enabled) return;
  watch(entry, {
    call: `mockModule(${JSON.stringify(entry.specifier)})`,
    names: [key],
    inForce: () => registry.mocksById.has(entry.id) && !entry.undone,
  });
}

/**
 * Watches a redirect for never sending a load to its local copy, as {@link watchNeverRun} does a
 * hook: `key` is the module it replaces, as the registry files it; `elsewhere` tells what another
 * thread may have done unseen.
 */
export function watchNeverRedirected(
  entry: RedirectEntry,
  key: string,
  call: string,
  elsewhere: () => string | undefined,
): void {
  if (!debug.enabled) return;
  watch(entry, {
    call,
    names: [key],
    inForce: () => [...registry.redirects.values()].includes(entry),
    elsewhere,
  });
}

/** Watches a transform for never being handed a source, as {@link watchNeverRun} does a hook. */
export function watchNeverTransformed(entry: TransformEntry): void {
  if (!debug.enabled) return;
  watch(entry, {
    call: transformCall(entry),
    names: [],
    unmatched: 'its filter matched no module that loaded while it was in force',
    inForce: () => registry.transforms.has(entry),
  });
}

function watch(thing: object, how: Watched): void {
  if (watched === undefined) {
    watched = new Map();
    onOwnExit(reportNeverApplied);
  }
  watched.set(thing, how);
}

/** Notes that a hook's handler was called or a mock served (on any module), when watched at all. */
export function noteApplied(thing: object): void {
  if (watched !== undefined) applied.add(thing);
}

/** Lists the watched hooks and mocks still in force that never applied, one debug line each. */
function reportNeverApplied(): void {
  const never = [...(watched ?? [])].filter(
    ([thing, { inForce }]) => !applied.has(thing) && inForce(),
  );
  if (never.length === 0) return;
  const base = programBase();
  debug(
    `${never.length} hook(s) never applied in this ${threadKind()} (see "When a hook does not run" in docs/modules.md):`,
  );
  for (const [, { call, names, unmatched, elsewhere }] of never) {
    const reasons = names.map((name) => whyNotLoaded(name, base));
    if (unmatched) reasons.push(unmatched);
    const other = elsewhere?.();
    if (other) reasons.push(other);
    debug(`  ${call}: ${reasons.join('; ')}`);
  }
}

/**
 * Why a module a hook names may never have loaded, as far as can be told without loading it: a
 * builtin this Node lacks, a name that resolves to nothing from the program (a typo, a package
 * not installed, a subpath its package's `exports` does not list), or a file the program never
 * loaded here (a bundle that inlined it, a load in another thread or process).
 */
function whyNotLoaded(name: string, base: string): string {
  if (name.startsWith('node:')) {
    return isBuiltin(name)
      ? `"${name}" never loaded`
      : `Node ${process.version} has no builtin "${name}"`;
  }
  if (name.startsWith('file:')) return `${fileURLToPath(name)} never loaded`;
  if (!isBareSpecifier(name)) return `"${name}" never loaded`;
  let file: string;
  try {
    // hookline's own resolution: a mock still in force would answer for the name otherwise.
    file = internally(() => createRequire(join(base, 'noop.js')).resolve(name));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const installed = code === 'MODULE_NOT_FOUND' ? installedNames(base) : [];
    const wanted = packageNameOf(name);
    // A file of an installed package that is not there is told by Node's own message below.
    if (code === 'MODULE_NOT_FOUND' && !installed.includes(wanted)) {
      // A scoped package named without its scope (`core` for `@babel/core`) is no slip of a key.
      const meant = [
        ...installed.filter((m) => m.startsWith('@') && m.endsWith(`/${wanted}`)),
        ...nearestNames(wanted, installed),
      ];
      // A builtin Node has only with its scheme (node:test, node:sqlite, node:sea) is no package.
      const schemeOnly = isBuiltin(`node:${name}`) && !isBuiltin(name);
      const hint = schemeOnly
        ? `; did you mean "node:${name}"? (Node has that builtin only with node:)`
        : meant.length > 0
          ? `; did you mean ${meant.map((m) => `"${m}"`).join(' or ')}?`
          : '';
      return `"${name}" is not installed where ${base} looks${hint}`;
    }
    // ERR_PACKAGE_PATH_NOT_EXPORTED and the like: Node's own first line says which and why.
    const said = String((error as Error).message).split('\n')[0];
    return `"${name}" never loaded, and require cannot resolve it from ${base}: ${said}`;
  }
  return `"${name}" resolves to ${file} from ${base}, but no load of it reached the hook in this ${threadKind()}: the program did not load it here, or it loaded before the hook as an ES module (a warning said so), or a bundle inlined it, or only another thread or process loaded it`;
}

/** The folder the program resolves its packages from: its main script's, else the working one. */
function programBase(): string {
  const main = process.argv[1];
  return main ? dirname(resolvePath(main)) : process.cwd();
}

function threadKind(): string {
  const { isMainThread } = process.getBuiltinModule('node:worker_threads');
  return isMainThread ? 'process' : 'worker thread';
}

/** Names a typo may have meant: packages in the node_modules folders above `base`, and builtins. */
function installedNames(base: string): string[] {
  const names = new Set<string>(builtinModules);
  for (let folder = base; ; folder = dirname(folder)) {
    for (const entry of entriesOf(join(folder, 'node_modules'))) {
      if (entry.startsWith('.')) continue;
      if (!entry.startsWith('@')) names.add(entry);
      else
        for (const scoped of entriesOf(join(folder, 'node_modules', entry)))
          names.add(`${entry}/${scoped}`);
    }
    if (dirname(folder) === folder) break;
  }
  return [...names];
}

function entriesOf(folder: string): string[] {
  try {
    return existsSync(folder) ? readdirSync(folder) : [];
  } catch {
    return [];
  }
}
