import { addToSetMap } from '../internal/set-map.js';
import { warn } from '../internal/warning.js';
import type { CompiledMatcher } from './matcher.js';
import { isBareSpecifier, matchesPattern, moduleKey, packageNameOf } from './matcher.js';
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
  /** Set once the factory has run (or at once for a plain value). */
  value?: { readonly exports: unknown };
  /** True while the factory runs, so that it can load the real module. */
  building: boolean;
}

export interface RedirectEntry {
  readonly specifier: string;
  /** `file:` URL of the local copy. */
  readonly url: string;
  /** The local copy's file, or its folder when it is a package: its importers are left alone. */
  readonly root: string;
}

export interface SchemeEntry {
  /** With the colon: `repo:`. */
  readonly scheme: string;
  readonly loader: SchemeLoader;
  readonly async: boolean;
}

export interface TransformEntry {
  readonly filter: TransformFilter;
  /** A RegExp or path prefix that another thread can test without asking this one. */
  readonly test: (url: string) => boolean;
  /** For a path filter: the `file:` URL every selected module starts with. */
  readonly prefix?: string;
  readonly transformer: Transformer;
}

type Listener = () => void;

/**
 * Everything registered, in one place: the single dispatcher every loader path consults.
 * Names are looked up in maps (O(1)); only RegExp and predicate matchers are tried in turn.
 */
class Registry {
  readonly importHooks = new Set<ImportHook>();
  readonly hooksByName = new Map<string, Set<ImportHook>>();
  readonly patternHooks = new Set<ImportHook>();
  readonly auditors = new Set<(event: ImportEvent) => void>();
  readonly mocks = new Map<string, MockEntry>();
  readonly mocksById = new Map<number, MockEntry>();
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
  mocksByFile = false;
  redirectsByFile = false;
  #listeners = new Set<Listener>();
  #nextMockId = 1;

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

  /** Cheap check before any work: does any hook name this module or use a pattern? */
  mayMatch(specifier: string): boolean {
    return this.patternHooks.size > 0 || this.hooksByName.has(moduleKey(specifier));
  }

  /**
   * Puts `entry` under `key` in one of the keyed maps (mocks, redirects), on top of any earlier
   * one; the returned undo brings the earlier one back if `entry` is still on top.
   */
  setKeyed<E>(map: Map<string, E>, key: string, entry: E): () => void {
    const previous = map.get(key);
    map.set(key, entry);
    this.changed();
    return () => {
      if (map.get(key) === entry) {
        if (previous) map.set(key, previous);
        else map.delete(key);
      }
      this.changed();
    };
  }

  newMockId(): number {
    return this.#nextMockId++;
  }

  changed(): void {
    this.hooksByFile = hasFileKey(this.hooksByName);
    this.packageNames = new Set(
      [...this.hooksByName.keys()].filter(isBareSpecifier).map(packageNameOf),
    );
    this.mocksByFile = hasFileKey(this.mocks);
    this.redirectsByFile = hasFileKey(this.redirects);
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
    // A throwing predicate must not break the import it was asked about: no match.
    warn(
      `the onImport matcher ${hook.matcher.text} threw for "${specifier}"; treated as no match`,
      error,
    );
    return false;
  }
}

/** The one registry of this thread. */
export const registry = new Registry();
