import { builtinModules, createRequire, isBuiltin } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debug } from '../internal/debuglog.js';
import { existsSync, readdirSync } from '../internal/fs.js';
import { nearestNames } from '../internal/nearest-name.js';
import { isBareSpecifier, packageNameOf } from './matcher.js';
import { type ImportHook, registry } from './registry.js';

/**
 * The `onImport` hooks watched for never running: kept only while `NODE_DEBUG` names hookline,
 * so that a program without it pays one `undefined` check per handler call and nothing else.
 */
let watched: Set<ImportHook> | undefined;
const ran = new WeakSet<ImportHook>();

/**
 * Watches `hook` for never running, under `NODE_DEBUG=hookline` only: as the process (or worker
 * thread) exits, each hook still in force whose handler never ran is listed, with why its names
 * may have matched nothing (see {@link reportNeverRun}). A hook that silently never applies is
 * the most common surprise, and an agent that hooks 40 optional packages must not be told about
 * them in every run: hence debug output, not a warning.
 */
export function watchNeverRun(hook: ImportHook): void {
  if (!debug.enabled) return;
  if (watched === undefined) {
    watched = new Set();
    process.once('exit', reportNeverRun);
  }
  watched.add(hook);
}

/** Notes that `hook`'s handler was called (on any module), when hooks are watched at all. */
export function noteRan(hook: ImportHook): void {
  if (watched !== undefined) ran.add(hook);
}

/** Lists the watched hooks still in force whose handler never ran, one debug line each. */
function reportNeverRun(): void {
  const never = [...(watched ?? [])].filter(
    (hook) => !ran.has(hook) && registry.importHooks.has(hook),
  );
  if (never.length === 0) return;
  const base = programBase();
  debug(
    `${never.length} onImport hook(s) never ran in this ${threadKind()} (see "When a hook does not run" in docs/modules.md):`,
  );
  for (const hook of never) {
    const { names, regexps, predicate, text } = hook.matcher;
    const reasons = names.map((name) => whyNotLoaded(name, base));
    if (regexps.length > 0 || predicate) reasons.push('its pattern matched no module that loaded');
    debug(`  onImport(${JSON.stringify(text)}): ${reasons.join('; ')}`);
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
    file = createRequire(join(base, 'noop.js')).resolve(name);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND') {
      const installed = installedNames(base);
      const wanted = packageNameOf(name);
      // A scoped package named without its scope (`core` for `@babel/core`) is no slip of a key.
      const meant = [
        ...installed.filter((m) => m.startsWith('@') && m.endsWith(`/${wanted}`)),
        ...nearestNames(wanted, installed),
      ];
      const hint =
        meant.length > 0 ? `; did you mean ${meant.map((m) => `"${m}"`).join(' or ')}?` : '';
      return `"${name}" is not installed where ${base} looks${hint}`;
    }
    // ERR_PACKAGE_PATH_NOT_EXPORTED and the like: Node's own first line says which and why.
    const said = String((error as Error).message).split('\n')[0];
    return `"${name}" never loaded, and require cannot resolve it from ${base}: ${said}`;
  }
  return `"${name}" resolves to ${file} from ${base}, but no load of it reached the hook in this ${threadKind()}: it loaded before the hook as an ES module (a warning said so), or a bundle inlined it, or only another thread or process loaded it`;
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
