import {
  cacheBase,
  codeCachePrefix,
  fingerprint,
  isPrivateFolder,
  makeFolder,
  removeStale,
  writeAside,
} from './cache-folder.js';
import { builtinModule } from './captured.js';
import { codeUsed } from './code-use.js';
import { debug } from './debuglog.js';
import { readFileSync } from './fs.js';
import { shareGlobally } from './global-slot.js';
import { onOwnExit } from './own-exit.js';
import { internally } from './own-loads.js';

// Taken without ES module facades (see fs.ts): this file runs as hookline/register starts, in
// the one ES module chunk of hookline's, where each `import` of a builtin would make Node build
// a facade of all its exports for every program.
const { createRequire } = builtinModule('node:module');
const { basename, dirname, join } = builtinModule('node:path');
const { fileURLToPath } = builtinModule('node:url');

/**
 * What a script's wrapper passes it: CommonJS's five, and the script's own URL (the parameters
 * scripts/build.mjs gives the bundle: `exports, require, module, __filename, __dirname,
 * __hooklineUrl`).
 */
type ScriptWrapper = (
  exports: Record<string, unknown>,
  require: (id: string) => unknown,
  module: { exports: Record<string, unknown> },
  filename: string,
  dirname: string,
  url: string,
) => void;

/** What V8 compiled: its code cache, made now, and whether it refused the one it was given. */
interface CompiledCode {
  createCachedData(): Buffer;
  readonly cachedDataRejected?: boolean | undefined;
}

/**
 * Compiles the CommonJS bundle at `url` (hookline's own code, which every `node --import
 * hookline/register` loads), from V8's code cache where a run before left one. V8 compiling
 * hookline's code costs every program some 3 ms of start-up; reading it compiled, well under one.
 * The cache is kept where hookline keeps its others (see {@link cacheBase}), per bundle (`id`
 * names its content), Node version and V8 flags, and made anew when V8 refuses it. The file is
 * the bundle wrapped in a function expression ({@link ScriptWrapper}'s parameters), put around it
 * by the build: wrapped here, V8 copied its 300 KB into one string first, at every start. The
 * bundle reads its own URL from `__hooklineUrl`. It runs in Node's own realm, where
 * `runInThisContext` runs code whichever realm calls it (jest's test files each have one), and
 * takes its builtins from that realm's `process` (`nodeGlobal`'s), not from the caller's: jest's
 * gives a copy of `node:module` of its own, which Node's loader never calls.
 */
function runCachedScript(url: URL, id: string, nodeGlobal: NodeGlobal): Record<string, unknown> {
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'utf8');
  if (nodeGlobal.process.sourceMapsEnabled === true) {
    const wrapper = compiledWithSourceMap(source, file, nodeGlobal);
    return runWrapper(wrapper, undefined, url, nodeGlobal, undefined, undefined);
  }
  const cacheFile = codeCacheFile(id, file);
  let stored: StoredCode | undefined;
  if (cacheFile !== undefined) {
    try {
      stored = storedCode(readFileSync(cacheFile));
    } catch {
      // Not made yet: made as the process exits.
    }
  }
  const cachedData = stored?.data;
  const { Script } = internally(() => process.getBuiltinModule('node:vm'));
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const wrapper = script.runInThisContext() as ScriptWrapper;
  return runWrapper(wrapper, script, url, nodeGlobal, cacheFile, stored);
}

/**
 * The bundle compiled by Node's CommonJS loader, which reads its source map when source maps are
 * enabled (`--enable-source-maps`, `process.setSourceMapsEnabled(true)`): a stack frame in
 * hookline's code then names the TypeScript line (src/…), as frames in its other files do. Node
 * maps no frame of a script that `vm` compiled (nodejs/node#52102), so a program that asks for
 * mapped stacks gets them without the code cache, whose compile costs a few milliseconds more.
 */
function compiledWithSourceMap(
  source: string,
  file: string,
  { process }: NodeGlobal,
): ScriptWrapper {
  const { Module } = Reflect.apply(process.getBuiltinModule, process, ['node:module']) as {
    Module: new (id: string) => CompiledModule;
  };
  const module = new Module(file);
  module.filename = file;
  // The file is one function expression (see scripts/build.mjs): this module exports it. Its first
  // line has no mappings, so the words put before it move none.
  module._compile(`module.exports = ${source}`, file, 'commonjs');
  debug(
    '%s compiled by the CommonJS loader, which maps its stack frames (source maps are on)',
    file,
  );
  return module.exports as ScriptWrapper;
}

/** A module of Node's CommonJS loader, as far as {@link compiledWithSourceMap} uses it. */
interface CompiledModule {
  filename: string;
  exports: unknown;
  _compile(content: string, filename: string, format: string): unknown;
}

/** Node's own realm's global, and its `process` (not a copy, as jest's test realms have). */
type NodeGlobal = Record<symbol, unknown> & { readonly process: NodeJS.Process };

/** Runs the compiled bundle, and has its code cache made or remade as the process exits. */
function runWrapper(
  wrapper: ScriptWrapper,
  script: CompiledCode | undefined,
  url: URL,
  { process }: NodeGlobal,
  cacheFile: string | undefined,
  stored: StoredCode | undefined,
): Record<string, unknown> {
  const file = fileURLToPath(url);
  const module = { exports: {} as Record<string, unknown> };
  // The bundle requires only builtins: taken as process.getBuiltinModule takes them, a tenth of
  // the time a require takes (some 40 of them), from Node's own process.
  const { getBuiltinModule } = process;
  const require = (id: string): unknown =>
    Reflect.apply(getBuiltinModule, process, [id]) ?? createRequire(file)(id);
  wrapper.call(module.exports, module.exports, require, module, file, dirname(file), url.href);
  if (script === undefined) {
    // Compiled by Node's loader: no code cache (see compiledWithSourceMap).
  } else if (cacheFile === undefined) {
    debug('%s compiled (no code cache)', file);
  } else if (stored !== undefined && script.cachedDataRejected !== true) {
    debug('%s compiled from the code cache %s', file, cacheFile);
    remakeIfOutgrown(script, cacheFile, stored);
  } else {
    debug('%s compiled; its code cache %s is made as the process exits', file, cacheFile);
    onOwnExit(() => saveCodeCache(script, cacheFile, codeUsed()));
  }
  return module.exports;
}

/** A code cache file as hookline writes it: the parts of its code it holds, then V8's data. */
interface StoredCode {
  /** The {@link CodePart} bits of the runs that made it. */
  readonly parts: number;
  readonly data: Buffer;
  /** The file's size. */
  readonly size: number;
}

/**
 * The file's first 8 bytes: a mark that it is this format, then the parts (little-endian). Eight
 * keep V8's data aligned as V8 wants it where it starts in the buffer read, so it is not copied.
 */
const headerSize = 8;
/** "hlc1", little-endian. */
const headerMark = 0x31636c68;

/** What a code cache file holds; none for a file of another format (then made anew). */
function storedCode(file: Buffer): StoredCode | undefined {
  if (file.length <= headerSize || file.readUInt32LE(0) !== headerMark) return undefined;
  return { parts: file.readUInt32LE(4), data: file.subarray(headerSize), size: file.length };
}

/**
 * As the process exits, a cache made by runs that used fewer parts of hookline's code than this
 * one (see code-use.ts) is made anew, with them all: this run compiled what it lacked.
 */
function remakeIfOutgrown(
  script: { createCachedData(): Buffer },
  file: string,
  stored: StoredCode,
): void {
  onOwnExit(() => {
    const used = codeUsed();
    if ((used & ~stored.parts) === 0) return;
    debug('%s is made anew as the process exits: this run used code it lacks', file);
    saveCodeCache(script, file, used | stored.parts, stored.size);
  });
}

/**
 * Runs the bundle at `url` (see {@link runCachedScript}) and gives its exports, once per
 * process for each build: another installed copy of the same
 * build (a dependency that brings its own hookline) gets the exports the first one made, so that
 * both go through one registry — two would each hook every module they both select, and number
 * their mocks alike.
 *
 * @example
 * ```ts
 * const core = runCachedScriptOnce(new URL('./core.cjs', import.meta.url), '1f2e3d4c5b6a7988');
 * ```
 */
export function runCachedScriptOnce(url: URL, id: string): Record<string, unknown> {
  const key = Symbol.for(`hookline.core.${id}`);
  const shared = (globalThis as Record<symbol, unknown>)[key];
  if (shared !== undefined) return shared as Record<string, unknown>;
  // Not in this realm: it may be in Node's own, where the bundle runs, when this is another (a
  // jest test file's). One copy per process all the same: a copy per test file would install its
  // loader wrappers over the last one's, and keep hooks in registries Node's loader never asks.
  const nodeGlobal = nodeRealmGlobal();
  const inNodeRealm = nodeGlobal[key] as Record<string, unknown> | undefined;
  if (inNodeRealm !== undefined) return shareGlobally(key, inNodeRealm);
  const exports = runCachedScript(url, id, nodeGlobal);
  if (nodeGlobal !== globalThis) shareGlobally(key, exports, false, nodeGlobal);
  return shareGlobally(key, exports);
}

/**
 * Node's own realm's global: this realm's, where a builtin's function is one of this realm's
 * functions; else (a jest test file's realm) what a script of one word gives, run in this
 * context, so that a test file finds the core the first one ran without compiling the bundle.
 */
function nodeRealmGlobal(): NodeGlobal {
  if (builtinModule('node:path').join instanceof Function)
    return globalThis as unknown as NodeGlobal;
  const { Script } = internally(() => process.getBuiltinModule('node:vm'));
  return new Script('globalThis').runInThisContext() as NodeGlobal;
}

/**
 * Writes the code cache of `script`, holding `parts` (see code-use.ts). Called as the process
 * exits, when the cache holds the functions the program ran as well, not only those compiled as
 * the script loaded. Not written where it would be no larger than the file it replaces (of size
 * `replacing`): a long run's V8 may have dropped the compiled code of functions it had not run for
 * a while, and the next run that uses the new parts tries again. Code caches of other builds that
 * have not changed for a week go then.
 */
function saveCodeCache(
  script: { createCachedData(): Buffer },
  file: string,
  parts: number,
  replacing = 0,
): void {
  try {
    const data = script.createCachedData();
    if (headerSize + data.length <= replacing) return;
    const dir = dirname(file);
    makeFolder(dir);
    if (!isPrivateFolder(dir)) return;
    const header = Buffer.alloc(headerSize);
    header.writeUInt32LE(headerMark, 0);
    header.writeUInt32LE(parts, 4);
    writeAside(file, Buffer.concat([header, data]));
    removeStale(dir, basename(file));
  } catch {
    // A cache not made changes only how fast the next run starts.
  }
}

/**
 * Where the code cache of bundle `id` at `file` is kept for this Node and these V8 flags (V8
 * refuses one made under other flags; a file of their own keeps runs with different flags from
 * remaking each other's). The path is part of the key: Node 20's V8 takes the script's name in
 * stack traces from the cache, so another installed copy of the same build would lend its path.
 * None when caching is off, when the folder is not this user's own and private (what is read
 * from it runs in the process), or when coverage is being collected (V8 then compiles anew to
 * count). Asked at every start, so it costs one `stat`: the folder is made only to write.
 */
function codeCacheFile(id: string, file: string): string | undefined {
  if (process.env['NODE_V8_COVERAGE']) return noCodeCache('NODE_V8_COVERAGE is set');
  const base = cacheBase();
  if (base === null) return noCodeCache('HOOKLINE_CACHE turns caching off');
  try {
    if (!isPrivateFolder(base)) return noCodeCache(`${base} is not this user's own and private`);
  } catch {
    // Not made yet: made to write the cache.
  }
  const setting = fingerprint(
    `${file}\0${withoutCode(process.execArgv).join('\0')}\0${process.env['NODE_OPTIONS'] ?? ''}`,
  );
  return join(base, `${codeCachePrefix}${id}-${process.version}-${process.arch}-${setting}.bin`);
}

/** The options that take the program's code (`node -e 'code'`, `-p`, `-pe`), as `execArgv` has them. */
const codeOptions = new Set(['-e', '--eval', '-p', '--print', '-pe']);

/**
 * `execArgv` without the program given as code, option and all: `node -e 'code'` sets no V8
 * flag, and keyed by the code, every snippet a program runs in a child (`spawnSync(node, ['-e',
 * …])` under `NODE_OPTIONS=--import hookline/register`) would compile anew and leave a file.
 *
 * @example
 * ```ts
 * withoutCode(['--import', 'hookline/register', '-e', 'run()']); // ['--import', 'hookline/register']
 * ```
 */
function withoutCode(execArgv: readonly string[]): string[] {
  const flags: string[] = [];
  for (let at = 0; at < execArgv.length; at++) {
    const arg = execArgv[at] ?? '';
    if (codeOptions.has(arg)) at++;
    else if (!/^--(eval|print)=/.test(arg)) flags.push(arg);
  }
  return flags;
}

/** No code cache, and why, for `NODE_DEBUG=hookline`. */
function noCodeCache(reason: string): undefined {
  debug('no code cache: %s', reason);
  return undefined;
}
