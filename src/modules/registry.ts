import { addToSetMap } from '../internal/set-map.js';
import { warnOnceFor } from '../internal/warning.js';
import type { CompiledMatcher } from './matcher.js';
import {
  isBareSpecifier,
  isBuiltinKey,
  matchesPattern,
  moduleKey,
  packageNameOf,
} from './matcher.js';
import type {
  ImportEvent,
  ImportHandler,
  SchemeLoader,
  Transformer,
  TransformFilter,
} from './types.js';

/** One `onImport` registration. */
export interface ImportHook {
  readonly matcher: CompiledMatcher;
  readonly handler: ImportHandler;
  /** Undo steps for what this hook changed, newest last. */
  readonly undo: (() => void)[];
}

export interface MockEntry {
  readonly id: number;
  readonly specifier: string;
  readonly make: () => unknown;
  /** Where `mockModule` was called, as V8 tells it: the file, 1-based line and column. */
  readonly site?: { readonly file: string; readonly line: number; readonly column: number };
  /** Set once the factory has run (or at once for a plain value). */
  value?: { readonly exports: unknown };
  /** True while the factory runs, so that it can load the real module. */
  building: boolean;
  /**
   * True once undone while an ES module standing for it was loaded and had not run yet: the
   * entry is dropped when that module runs (an import that resolved to the mock gets it).
   */
  undone?: boolean;
}

export interface RedirectEntry {
  readonly specifier: string;
  /**
   * `file:` URL of the local copy, for `import`; none for a package folder whose `exports` do not
   * export "." for `import` (the request then fails as Node fails it: see `localCopyUrl`).
   */
  readonly url: string | undefined;
  /** `file:` URL of the local copy for `require` (a dual package's CommonJS build), or none. */
  readonly requireUrl: string | undefined;
  /** The local copy's file, or its folder when it is a package: its importers are left alone. */
  readonly root: string;
  /**
   * A `file:` URL (a file, or a folder ending in `/`) that packages the local copy cannot find
   * beside it resolve from: where the redirect was declared.
   */
  readonly base: string;
  /** The installed original's folder, which the local copy's missing packages resolve from first. */
  readonly installed?: string | undefined;
  /** Whether the local copy is a package folder, whose subpaths stand for the package's. */
  readonly folder?: boolean | undefined;
}

export interface SchemeEntry {
  /** With the colon: `repo:`. */
  readonly scheme: string;
  /** Any loader: whether it may return a promise is only known from `async`, and checked. */
  readonly loader: SchemeLoader<true>;
  readonly async: boolean;
}

export interface TransformEntry {
  readonly filter: TransformFilter;
  /** A RegExp or path prefix that another thread can test without asking this one. */
  readonly test: (url: string) => boolean;
  /**
   * For a path filter: the `file:` URLs a selected module starts with (the path as given, and
   * its real path where it goes through a link).
   */
  readonly prefixes?: readonly string[];
  readonly transformer: Transformer;
}

type Listener = () => void;

/**
 * How many undone mocks are kept for an ES module of theirs that loaded and has not run: more
 * than the imports a program has under way at once, fewer than a test suite's failed ones.
 */
const KEPT_UNTIL_RUN = 32;

/**
 * Everything registered, in one place: the single dispatcher every loader path consults.
 * Names are looked up in maps (O(1)); only RegExp and predicate matchers are tried in turn.
 */
class Registry {
  readonly importHooks = new Set<ImportHook>();
  readonly hooksByName = new Map<string, Set<ImportHook>>();
  readonly patternHooks = new Set<ImportHook>();
  readonly auditors = new Set<(event: ImportEvent) => void>();
  /** {@link auditors} as they were at the last change: what an event is delivered to. */
  auditorList: readonly ((event: ImportEvent) => void)[] = [];
  readonly mocks = new Map<string, MockEntry>();
  readonly mocksById = new Map<number, MockEntry>();
  /** Mocks whose ES module Node loaded and has not run yet: kept until it runs, even if undone. */
  readonly mocksAwaitingEvaluation = new Set<number>();
  /**
   * The mocks undone last, held weakly: Node 20's loader thread may have resolved an import to one
   * before it learnt of the undo, and asks for its exports next. Weakly, so that a test suite's
   * undone mocks are not kept.
   */
  readonly undoneMocks = new Map<number, WeakRef<MockEntry>>();
  readonly redirects = new Map<string, RedirectEntry>();
  readonly schemes = new Map<string, SchemeEntry>();
  readonly transforms = new Set<TransformEntry>();
  /**
   * Whether some hook, mock or redirect names a module by its file (a `file:` URL key): only then
   * do the loaders look resolved URLs up in these maps, at a cost for every module.
   */
  hooksByFile = false;
  /** The packages hooks name (`chalk` for `chalk` and `chalk/sub`): a file's package is checked here first. */
  packageNames = new Set<string>();
  /** {@link packageNames} as an array, for the test every loaded file pays. */
  packageNameList: readonly string[] = [];
  /**
   * Every way a request may name a module some hook names: the keys of {@link hooksByName}, and
   * the bare form of the builtins among them (`fs` for `node:fs`). Asked for every `require`.
   */
  requestNames = new Set<string>();
  mocksByFile = false;
  redirectsByFile = false;
  #listeners = new Set<Listener>();
  /** Undone mocks kept for their ES module, which loaded and has not run; oldest first. */
  readonly #undoneAwaitingEvaluation = new Set<MockEntry>();
  #nextMockId = 1;
  /** For each keyed map, every entry still in force under each key, oldest first. */
  readonly #keyedStacks = new WeakMap<Map<string, unknown>, Map<string, unknown[]>>();

  addImportHook(hook: ImportHook): void {
    this.importHooks.add(hook);
    for (const name of hook.matcher.names) {
      addToSetMap(this.hooksByName, name, hook);
    }
    if (hook.matcher.regexps.length > 0 || hook.matcher.predicate) this.patternHooks.add(hook);
    this.changed();
  }

  removeImportHook(hook: ImportHook): void {
    this.importHooks.delete(hook);
    this.patternHooks.delete(hook);
    for (const name of hook.matcher.names) {
      const set = this.hooksByName.get(name);
      set?.delete(hook);
      if (set?.size === 0) this.hooksByName.delete(name);
    }
    this.changed();
  }

  /** The hooks a specifier selects, in registration order. */
  hooksFor(specifier: string): ImportHook[] {
    const byName = this.hooksByName.get(moduleKey(specifier));
    if (this.patternHooks.size === 0) return byName ? [...byName] : [];
    const found: ImportHook[] = [];
    for (const hook of this.importHooks) {
      if (byName?.has(hook) || (this.patternHooks.has(hook) && testPattern(hook, specifier))) {
        found.push(hook);
      }
    }
    return found;
  }

  /**
   * `hooks`, gathered under several names of one module (its specifiers, its place in its
   * package, its file), in the order they were added: each runs on what the ones before it left.
   */
  inAddedOrder(hooks: ReadonlySet<ImportHook>): ImportHook[] {
    if (hooks.size < 2) return [...hooks];
    const ordered: ImportHook[] = [];
    for (const hook of this.importHooks) if (hooks.has(hook)) ordered.push(hook);
    return ordered;
  }

  /** Cheap check before any work: does any hook name this module or use a pattern? */
  mayMatch(specifier: string): boolean {
    return this.patternHooks.size > 0 || this.requestNames.has(specifier);
  }

  /**
   * Puts `entry` under `key` in one of the keyed maps (mocks, redirects), on top of any earlier
   * one. The map holds the newest entry still in force; the returned undo takes `entry` out of
   * its key's stack wherever it is, so undos in any order leave the newest active entry in effect
   * (the same rule as stacked patches).
   */
  setKeyed<E>(map: Map<string, E>, key: string, entry: E): () => void {
    let stacks = this.#keyedStacks.get(map) as Map<string, E[]> | undefined;
    if (!stacks) {
      stacks = new Map();
      this.#keyedStacks.set(map, stacks);
    }
    const stack = stacks.get(key) ?? [];
    stacks.set(key, stack);
    stack.push(entry);
    map.set(key, entry);
    this.changed();
    return () => {
      const at = stack.lastIndexOf(entry);
      if (at === -1) return;
      stack.splice(at, 1);
      const top = stack.at(-1);
      if (top !== undefined) map.set(key, top);
      else {
        map.delete(key);
        stacks.delete(key);
      }
      this.changed();
    };
  }

  newMockId(): number {
    return this.#nextMockId++;
  }

  /**
   * Keeps an undone mock whose ES module Node loaded and has not run: an import that resolved to
   * it gets it when that module runs. The module never runs where the import fails to link (a
   * name another module lacks), and nothing tells: so only the newest {@link KEPT_UNTIL_RUN} are
   * kept, older ones let go as any undone mock is.
   */
  keepUntilEvaluated(entry: MockEntry): void {
    entry.undone = true;
    this.#undoneAwaitingEvaluation.add(entry);
    if (this.#undoneAwaitingEvaluation.size <= KEPT_UNTIL_RUN) return;
    const [oldest] = this.#undoneAwaitingEvaluation;
    if (oldest === undefined) return;
    this.#undoneAwaitingEvaluation.delete(oldest);
    this.mocksAwaitingEvaluation.delete(oldest.id);
    this.releaseMock(oldest);
  }

  /** The ES module standing for a mock ran: an undone mock kept for it is let go. */
  mockEvaluated(id: number): void {
    this.mocksAwaitingEvaluation.delete(id);
    const entry = this.mocksById.get(id);
    if (entry?.undone !== true) return;
    this.#undoneAwaitingEvaluation.delete(entry);
    this.mocksById.delete(id);
  }

  /** Lets an undone mock go, remembering it weakly (see {@link undoneMocks}); the last 64 only. */
  releaseMock(entry: MockEntry): void {
    this.mocksById.delete(entry.id);
    this.undoneMocks.set(entry.id, new WeakRef(entry));
    if (this.undoneMocks.size > 64) {
      const oldest = this.undoneMocks.keys().next().value;
      if (oldest !== undefined) this.undoneMocks.delete(oldest);
    }
  }

  changed(): void {
    this.hooksByFile = hasFileKey(this.hooksByName);
    this.packageNames = new Set(
      [...this.hooksByName.keys()].filter(isBareSpecifier).map(packageNameOf),
    );
    this.packageNameList = [...this.packageNames];
    this.requestNames = new Set(this.hooksByName.keys());
    for (const key of this.hooksByName.keys()) {
      const bare = key.startsWith('node:') ? key.slice('node:'.length) : undefined;
      if (bare !== undefined && isBuiltinKey(bare)) this.requestNames.add(bare);
    }
    this.mocksByFile = hasFileKey(this.mocks);
    this.redirectsByFile = hasFileKey(this.redirects);
    this.auditorList = [...this.auditors];
    for (const listener of this.#listeners) listener();
  }

  onChange(listener: Listener): void {
    this.#listeners.add(listener);
  }
}

function hasFileKey(map: Map<string, unknown>): boolean {
  for (const key of map.keys()) if (key.startsWith('file:')) return true;
  return false;
}

function testPattern(hook: ImportHook, specifier: string): boolean {
  try {
    return matchesPattern(hook.matcher, specifier);
  } catch (error) {
    // A throwing predicate must not break the import it was asked about: no match. It is asked
    // again at each import of the specifier (a server's import() per request): said once.
    warnOnceFor(
      hook,
      `the onImport matcher ${hook.matcher.text} threw for "${specifier}"; treated as no match`,
      error,
    );
    return false;
  }
}

/** The one registry of this thread. */
export const registry = new Registry();
