import { syncBuiltinESMExports } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CodePart, useCode } from '../internal/code-use.js';
import { listed } from '../internal/listed.js';
import { namespaceViews } from '../internal/namespace-views.js';
import { isThenable } from '../internal/promise-like.js';
import { warn } from '../internal/warning.js';
import { assignableExports } from './assignable-exports.js';
import { bindingSource, type EsmRecord, reexportedNamespace, setExport } from './esm/runtime.js';
import { ranAsEsm } from './esm-file.js';
import { specifierOf } from './info.js';
import { importsWereUnseen } from './loaders/required-esm-imports.js';
import { isBareSpecifier } from './matcher.js';
import { noteApplied } from './never-ran.js';
import { type ImportHook, registry } from './registry.js';
import type { ImportInfo } from './types.js';

/**
 * Which modules (a CommonJS module, builtin exports, ES record) each hook already ran on. Keyed
 * by the hook, both weakly: a builtin or a module that stays loaded must not keep every hook that
 * ever ran on it, as a program that adds and undoes hooks round after round (a test runner)
 * would otherwise keep them all, handlers included.
 */
const applied = new WeakMap<ImportHook, WeakSet<object>>();

function firstTime(target: object, hook: ImportHook): boolean {
  const targets = applied.get(hook);
  if (targets?.has(target)) return false;
  if (targets) targets.add(target);
  else applied.set(hook, new WeakSet([target]));
  return true;
}

interface CommonJsModule {
  exports: unknown;
}

/**
 * Runs hooks on a CommonJS module that has just evaluated (or was loaded before the hook): each
 * gets `module.exports`; a value it returns becomes `module.exports`, so `require` and `import`
 * both see it from then on. Exports it cannot assign to as they are (a compiled ES module's
 * getters) are handed over as a view that takes the assignments (see assignable-exports.ts).
 */
export function applyToCommonJs(
  module: CommonJsModule,
  hooks: readonly ImportHook[],
  info: ImportInfo,
): void {
  useCode(CodePart.commonJsHooked);
  for (const hook of hooks) {
    if (!firstTime(module, hook)) continue;
    const before = module.exports;
    const snapshot = snapshotOf(before);
    const assignable = assignableExports(before);
    const given = assignable?.view ?? before;
    const outcome = callHandler(hook, given, info);
    if (!outcome.ok) {
      snapshot?.restore();
      continue;
    }
    // null is no exports object: said, as for an ES module and a builtin, rather than taken as
    // "nothing" in silence. A JSON file's value may be null.
    if (outcome.value === null && info.format !== 'json') {
      warn(
        `the onImport handler for ${handlerFor(hook, info)} returned null; a CommonJS module keeps its exports: return the new exports, or nothing to keep them`,
      );
    }
    // Returning what it was given (`return exports`) is no replacement.
    const returned = outcome.value === given ? undefined : outcome.value;
    const result = returned ?? assignable?.settle();
    if (result !== undefined && result !== before) {
      const was = Reflect.getOwnPropertyDescriptor(module, 'exports');
      module.exports = result;
      const now = Reflect.getOwnPropertyDescriptor(module, 'exports');
      undoOnModule(
        hook,
        module,
        pushLayer(module, 'exports', propertyCell(module, 'exports'), was, now),
      );
    }
    if (snapshot) undoOnModule(hook, module, snapshot.commit());
  }
}

/** The CommonJS modules a hook ran on, held weakly, and when to sweep out the collected ones. */
interface RanOn {
  readonly modules: Set<WeakRef<CommonJsModule>>;
  sweepAt: number;
}

const ranOn = new WeakMap<ImportHook, RanOn>();

/** What each hook changed on a CommonJS module, oldest first: kept as long as the module is. */
const moduleUndos = new WeakMap<CommonJsModule, Map<ImportHook, (() => void)[]>>();

/**
 * Files an undo step of `hook` on a CommonJS module without keeping the module alive. A program
 * that reloads its files (`delete require.cache[file]`, then `require`: a dev server, a test
 * runner) drops the old module, and once it is collected there is nothing of it left to undo;
 * held in `hook.undo`, a step per load would keep every module object and exports it ever
 * loaded for as long as the hook lasts.
 */
function undoOnModule(hook: ImportHook, module: CommonJsModule, step: () => void): void {
  let byHook = moduleUndos.get(module);
  if (!byHook) {
    byHook = new Map();
    moduleUndos.set(module, byHook);
  }
  const steps = byHook.get(hook);
  if (steps) {
    steps.push(step);
    return;
  }
  byHook.set(hook, [step]);
  let ran = ranOn.get(hook);
  if (!ran) {
    const created: RanOn = { modules: new Set(), sweepAt: 64 };
    ranOn.set(hook, created);
    hook.undo.push(() => undoModules(hook, created));
    ran = created;
  }
  ran.modules.add(new WeakRef(module));
  // The references of collected modules go in sweeps, as many as were left after the last one
  // at least: a constant cost per load however many loads there are.
  if (ran.modules.size < ran.sweepAt) return;
  for (const ref of ran.modules) if (ref.deref() === undefined) ran.modules.delete(ref);
  ran.sweepAt = Math.max(64, ran.modules.size * 2);
}

/** Undoes what `hook` changed on the CommonJS modules still alive, newest first. */
function undoModules(hook: ImportHook, ran: RanOn): void {
  for (const ref of [...ran.modules].reverse()) {
    const module = ref.deref();
    const byHook = module && moduleUndos.get(module);
    const steps = byHook?.get(hook);
    if (!steps) continue;
    byHook?.delete(hook);
    for (const step of steps.reverse()) step();
  }
  ran.modules.clear();
}

/**
 * Runs a hook on a builtin at once. Builtins are shared by the whole process (Node's own code
 * included), so a returned object's properties are copied onto the builtin's exports, and
 * `syncBuiltinESMExports()` makes ES module named imports (`import { readFileSync }`) see them.
 */
export function applyToBuiltin(
  exports: Record<PropertyKey, unknown>,
  hook: ImportHook,
  info: ImportInfo,
): void {
  useCode(CodePart.builtinHooked);
  if (!firstTime(exports, hook)) return;
  const snapshot = snapshotOf(exports);
  // What the handler changed in place goes too, and ES module importers are told.
  const leaveUnpatched = (why?: string): void => {
    snapshot?.restore();
    syncBuiltinESMExports();
    if (why !== undefined) warn(`the onImport handler for ${handlerFor(hook, info)} ${why}`);
  };
  const outcome = callHandler(hook, exports, info);
  if (!outcome.ok) {
    leaveUnpatched();
    return;
  }
  const result = outcome.value;
  if (result !== undefined && result !== exports) {
    if (typeof result === 'function') {
      // A builtin that is a function (node:events, node:assert) cannot be replaced by another:
      // the whole process shares it. Its own properties (length, name, prototype) are no exports.
      leaveUnpatched(
        'returned a function; a builtin cannot be replaced, as the whole process shares it, so it stays unpatched. Change its properties in place (for a class such as EventEmitter, the methods of its prototype), or return an object with the properties to change',
      );
      return;
    }
    if (typeof result !== 'object' || result === null) {
      leaveUnpatched(
        `returned ${kindOf(result)}; a builtin's exports can only take the properties of an object, so it stays unpatched`,
      );
      return;
    }
    const locked = readingReturned(hook, info, () => copyOntoBuiltin(exports, result));
    if (locked === undefined) {
      leaveUnpatched();
      return;
    }
    if (locked.length > 0) {
      const some = locked.length > 1;
      leaveUnpatched(
        `returned ${some ? 'properties' : 'a property'} that ${info.name} holds read-only and not configurable, ${listed(locked.map((key) => JSON.stringify(String(key))))}; it stays unpatched. Change what is inside ${some ? 'those properties' : 'that property'} in place instead`,
      );
      return;
    }
  }
  syncBuiltinESMExports();
  if (snapshot) {
    const undo = snapshot.commit();
    hook.undo.push(() => {
      undo();
      syncBuiltinESMExports();
    });
  }
}

/**
 * Copies the properties a handler returned onto a builtin's exports. A property the builtin holds
 * read-only but configurable (zlib's `createGzip`, os's `EOL`) is redefined with the value, as
 * for a compiled module's getters; one it cannot change at all is not copied, and returned (the
 * caller then undoes the rest), as assigning it would throw into the program loading the builtin.
 */
function copyOntoBuiltin(exports: Record<PropertyKey, unknown>, result: object): PropertyKey[] {
  const locked: PropertyKey[] = [];
  for (const key of Reflect.ownKeys(result)) {
    const value = (result as Record<PropertyKey, unknown>)[key];
    if (exports[key] === value) continue;
    const descriptor = Reflect.getOwnPropertyDescriptor(exports, key);
    if (descriptor === undefined || (!('get' in descriptor) && descriptor.writable)) {
      if (!Reflect.set(exports, key, value)) locked.push(key);
    } else if (descriptor.configurable || descriptor.set !== undefined) {
      const defined = descriptor.set
        ? Reflect.set(exports, key, value)
        : Reflect.defineProperty(exports, key, {
            value,
            writable: true,
            enumerable: descriptor.enumerable ?? true,
            configurable: true,
          });
      if (!defined) locked.push(key);
    } else {
      locked.push(key);
    }
  }
  return locked;
}

/**
 * Runs hooks on an instrumented ES module. The handler gets a view of the namespace whose
 * properties read the live bindings and, when assigned, change the binding where the module
 * declares it; a returned object's properties are applied the same way.
 */
export function applyToEsm(
  record: EsmRecord,
  hooks: readonly ImportHook[],
  info: ImportInfo,
): void {
  useCode(CodePart.esModuleHooked);
  for (const hook of hooks) {
    if (!firstTime(record, hook)) continue;
    const changes: { name: string; before: unknown; after: unknown }[] = [];
    const refused: string[] = [];
    const assign = (name: string, value: unknown) => {
      const before = (record.namespace as Record<string, unknown>)[name];
      if (setExport(record, name, value)) changes.push({ name, before, after: value });
      else refused.push(name);
    };
    // What the handler read through the view: a returned object usually copies it (`{ ...exports,
    // format }`), and a value handed back as it was read is no change. Compared with the live
    // binding instead, a copied alias (`formatDate`, another name of `format`'s binding) would
    // undo the change just made through its other name.
    const read = new Map<string, unknown>();
    const kept = new Map<string, unknown>();
    const view = namespaceView(record, assign, info.name, read, kept);
    const outcome = callHandler(hook, view, info);
    const inPlace = changes.length;
    const applied =
      outcome.ok &&
      readingReturned(hook, info, () =>
        applyReturned(outcome.value, view, record, assign, read, info, hook),
      );
    if (!applied) {
      for (const change of changes.reverse()) setExport(record, change.name, change.before);
      continue;
    }
    // What the returned object changed, the view goes on giving as it was: a wrapper returned as
    // `{ ...exports, greet: (n) => exports.greet(n) }` calls the original, as it does for a
    // CommonJS module (whose `exports` the returned object replaces), not itself for ever.
    for (const change of changes.slice(inPlace)) kept.set(change.name, change.before);
    const namespaces = refused.filter((name) => reexportedNamespace(record, name) !== undefined);
    warnOfUnchangeable(
      record,
      refused.filter((name) => !namespaces.includes(name)),
      info,
    );
    for (const name of namespaces) {
      const from = reexportedNamespace(record, name)?.url;
      warn(
        `${info.name}: could not replace "${name}"; it is another module's whole namespace, which the ES module re-exports (export * as ${name}, or import * as ${name} and export { ${name} }), and no assignment can replace a namespace. Its members can be changed: hook the module it comes from${from ? ` by its file (${from})` : ''}`,
      );
    }
    const undos = changes.map((change) =>
      pushLayer(record, change.name, bindingCell(record, change.name), change.before, change.after),
    );
    hook.undo.push(() => {
      for (const undo of undos.reverse()) undo();
    });
  }
}

/**
 * What an ES module handler returned, applied as assignments through its view would be: each
 * property that differs from what the handler read changes that export. A property the module
 * has no export of is refused as assigning it is, before anything is applied: `false` (the
 * module then loads unpatched), with a warning that names it and the module's exports.
 */
function applyReturned(
  result: unknown,
  view: object,
  record: EsmRecord,
  assign: (name: string, value: unknown) => void,
  read: ReadonlyMap<string, unknown>,
  info: ImportInfo,
  hook: ImportHook,
): boolean {
  if (result === undefined || result === view) return true;
  if (typeof result !== 'object' || result === null) {
    warn(
      `the onImport handler for ${handlerFor(hook, info)} returned ${kindOf(result)}; an ES module's exports are bindings, so return an object with the exports to change`,
    );
    return true;
  }
  const namespace = record.namespace as Record<string, unknown>;
  const exportNames = Object.keys(namespace);
  const added = Object.keys(result).filter((name) => !(name in namespace));
  if (added.length > 0) {
    warn(
      `the onImport handler for ${handlerFor(hook, info)} returned ${added.length > 1 ? 'properties that are not exports' : 'a property that is not an export'} of the module; the module loads unpatched`,
      noSuchExport(info.name, added, exportNames),
    );
    return false;
  }
  for (const name of exportNames) {
    // Its own properties: a plain object inherits toString and valueOf, which are no change to
    // a module's exports of those names (lodash-es has both).
    if (!Object.hasOwn(result, name)) continue;
    const value = (result as Record<string, unknown>)[name];
    if (read.has(name) && read.get(name) === value) continue;
    if (value !== namespace[name]) assign(name, value);
  }
  return true;
}

/**
 * An ES module cannot be given an export it does not have: said with the module and its exports,
 * where the engine would only say "object is not extensible".
 */
function noSuchExport(
  moduleName: string,
  keys: readonly PropertyKey[],
  exportNames: readonly string[],
): TypeError {
  const which = listed(keys.map((key) => JSON.stringify(String(key))));
  return new TypeError(
    `${moduleName} has no ${keys.length > 1 ? 'exports' : 'export'} ${which}: an ES module's exports are fixed when it is parsed, so a handler can change them, not add one (its exports: ${listed(exportNames, 12) || 'none'})`,
  );
}

/**
 * Exports the handler could not change because another module declares their binding, one that
 * hookline did not instrument: one warning, naming that module and how to hook it (the first of
 * them, when they come from several: lodash-es re-exports 300).
 */
function warnOfUnchangeable(record: EsmRecord, names: readonly string[], info: ImportInfo): void {
  if (names.length === 0) return;
  const sources = new Map<string, { readonly importer: string; readonly specifier: string }>();
  const unfound: string[] = [];
  for (const name of names) {
    const source = bindingSource(record, name);
    if (source) sources.set(`${source.importer}\0${source.specifier}`, source);
    else unfound.push(name);
  }
  if (unfound.length > 0) warnOfUnfound(record, unfound, info);
  const [first] = sources.values();
  if (first === undefined) return;
  const reexported = names.filter((name) => !unfound.includes(name));
  const which = listed(reexported.map((n) => `"${n}"`));
  const they = reexported.length > 1 ? 'them' : 'it';
  if (importsWereUnseen(record.url)) {
    warn(
      `${info.name}: could not replace ${which}; ${record.url} re-exports ${they} from modules it imports, and on Node 20 the imports of an ES module loaded by require() bypass module hooks. Load ${info.name} with import() instead, or run Node 22.15+`,
    );
    return;
  }
  const { importer, specifier } = first;
  const file = isBareSpecifier(specifier) ? undefined : new URL(specifier, importer).href;
  const from = `${JSON.stringify(specifier)}${file ? ` (${file})` : ''}`;
  const hook = `onImport(${JSON.stringify(file ?? specifier)}, …)`;
  if (sources.size === 1 && file !== undefined && isJsonFile(file)) {
    // Its hook, not the re-exporter's, can change a JSON module: what its handler leaves (or
    // returns) is the value the module is parsed into, before it loads.
    warn(
      `${info.name}: could not replace ${which}; ${importer} re-exports ${they} from ${from}, a JSON module, whose value is fixed as it is parsed. Change that value with a hook on the JSON file, whose handler's changes (or what it returns) the module then holds, added before it loads: onImport(${JSON.stringify(file)}, (value) => …)`,
    );
    return;
  }
  if (sources.size === 1 && file !== undefined && isEsModuleFile(file)) {
    warn(
      `${info.name}: could not replace ${which}; ${importer} re-exports ${they} from ${from}, an ES module that loaded before hookline knew that a module a hook selects re-exports from it (the program imported it first, or before this hook was added), so hookline left it as it was. Import ${info.name} before that module, or hook that module too, before it loads: ${hook}`,
    );
    return;
  }
  warn(
    sources.size === 1
      ? `${info.name}: could not replace ${which}; ${importer} re-exports ${they} from ${from}, a module hookline could not change: CommonJS, a builtin, or an ES module that loaded before hookline knew that a module a hook selects re-exports from it. Hook that module before it loads: ${hook}`
      : `${info.name}: could not replace ${which}; ${importer} re-exports them from ${sources.size} modules hookline could not change (CommonJS, builtins, or ES modules that loaded before hookline knew that a module a hook selects re-exports from them), such as ${from}. Hook those modules before they load, by their files: ${hook} for that one`,
  );
}

/** Whether a module's `file:` URL is that of a JSON file (what `with { type: 'json' }` imports). */
function isJsonFile(url: string): boolean {
  return url.startsWith('file:') && /\.json$/i.test(new URL(url).pathname);
}

/** Whether a module's `file:` URL is that of a file Node runs as an ES module. */
function isEsModuleFile(url: string): boolean {
  return url.startsWith('file:') && ranAsEsm(fileURLToPath(url));
}

/**
 * Exports that are neither bindings hookline found in the module nor re-exports it can follow:
 * hookline misread the module's source, which no hook of the program's can work around.
 */
function warnOfUnfound(record: EsmRecord, names: readonly string[], info: ImportInfo): void {
  const several = names.length > 1;
  warn(
    `${info.name}: could not replace ${listed(names.map((n) => `"${n}"`))}; hookline did not find where ${record.url} declares ${several ? 'them' : 'it'}, so ${several ? 'they stay as they are' : 'it stays as it is'}. This is a hookline bug: please report it with the module's source`,
  );
}

function namespaceView(
  record: EsmRecord,
  assign: (name: string, value: unknown) => void,
  moduleName: string,
  read: Map<string, unknown>,
  kept: Map<string, unknown>,
) {
  // Described as a namespace describes itself: writable, enumerable, non-configurable data
  // properties of a sealed object with no prototype. The proxy below reads each from the live
  // binding, and takes a value assigned or defined (`Object.defineProperty(exports, name,
  // { value })`, as instrumentations written for import-in-the-middle do) as the binding's.
  const view = Object.create(null) as Record<string, unknown>;
  const names = Object.keys(record.namespace);
  for (const name of names) {
    Object.defineProperty(view, name, { value: undefined, writable: true, enumerable: true });
  }
  Object.defineProperty(view, Symbol.toStringTag, { value: 'Module' });
  Object.preventExtensions(view);
  const isExport = (key: PropertyKey): key is string =>
    typeof key === 'string' && Object.hasOwn(view, key);
  const live = (name: string): unknown => {
    if (kept.has(name)) return kept.get(name);
    const value = (record.namespace as Record<string, unknown>)[name];
    read.set(name, value);
    return value;
  };
  const refuse = (key: PropertyKey): never => {
    throw noSuchExport(moduleName, [key], names);
  };
  const guarded = new Proxy(view, {
    get: (target, key, receiver) =>
      isExport(key) ? live(key) : Reflect.get(target, key, receiver),
    getOwnPropertyDescriptor: (target, key) =>
      isExport(key)
        ? { value: live(key), writable: true, enumerable: true, configurable: false }
        : Reflect.getOwnPropertyDescriptor(target, key),
    set: (_target, key, value) => {
      if (!isExport(key)) return refuse(key);
      kept.delete(key);
      assign(key, value);
      return true;
    },
    defineProperty: (_target, key, descriptor) => {
      if (!isExport(key)) return refuse(key);
      if (!isBindingDescriptor(descriptor)) throw notABinding(moduleName, key);
      kept.delete(key);
      if ('value' in descriptor) assign(key, descriptor.value);
      return true;
    },
    // As for a module namespace, no export can be deleted: said, where a proxy's refusal would
    // only say that its trap "returned falsish".
    deleteProperty: (_target, key) => {
      throw new TypeError(
        `${moduleName}: export ${JSON.stringify(String(key))} cannot be deleted; an ES module's exports are fixed when it is parsed. Assign it the value it should have instead`,
      );
    },
  });
  namespaceViews.add(guarded);
  return guarded;
}

/**
 * A descriptor an export's binding can take: a value at most, and nothing that would make it
 * other than a namespace's property is (a getter, configurable, read-only, not enumerable).
 */
function isBindingDescriptor(descriptor: PropertyDescriptor): boolean {
  return (
    descriptor.get === undefined &&
    descriptor.set === undefined &&
    descriptor.configurable !== true &&
    descriptor.writable !== false &&
    descriptor.enumerable !== false
  );
}

function notABinding(moduleName: string, name: string): TypeError {
  return new TypeError(
    `${moduleName}: export "${name}" can only be given a value; an ES module's export is a binding, not configurable, read-only or hidden, and with no getter or setter: assign it, or define it with { value } alone`,
  );
}

/** What a handler returned that is no object, as a message names it: `null`, `a number`. */
function kindOf(value: unknown): string {
  return value === null ? 'null' : `a ${typeof value}`;
}

/**
 * How a warning names a handler: by what its hook was given (`cjs-pkg`, `/-pkg\/sub$/`,
 * `./conf.js`, `localConf()`) and, unless that names the module already, by the specifier that
 * selected it and its file. The package's name (`info.name`) says neither which of the hooks on
 * a package it was nor which of its files; for a file of the program it is the program's own.
 */
function handlerFor(hook: ImportHook, info: ImportInfo): string {
  const written = hook.matcher.text;
  const specifier = specifierOf(info);
  // A package or builtin the hook names (alone or in a list): its name says it all.
  if (written === info.name) return written;
  if (specifier === info.name && hook.matcher.names.includes(specifier)) return specifier;
  const shown = [
    // A file named by its path is shown by its path alone, not by the URL it is keyed by too.
    specifier !== undefined && specifier !== written && !specifier.startsWith('file:')
      ? `"${specifier}"`
      : undefined,
    info.format === 'builtin' ? undefined : info.path,
  ].filter((part) => part !== undefined);
  return shown.length > 0 ? `${written} (${shown.join(', ')})` : written;
}

/**
 * Reads what a handler returned (its properties, through getters or a proxy's traps: the
 * handler's code still), reporting a throw as the handler's: `undefined`, and the module loads
 * unpatched, where the error would otherwise escape into the program loading it.
 */
function readingReturned<T>(hook: ImportHook, info: ImportInfo, read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    warn(
      `the onImport handler for ${handlerFor(hook, info)} returned an object whose properties threw as they were read; the module loads unpatched`,
      error,
    );
    return undefined;
  }
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

function callHandler(hook: ImportHook, exports: unknown, info: ImportInfo): Outcome {
  // Undone by a handler that ran before it on this module: it no longer runs.
  if (!registry.importHooks.has(hook)) return { ok: false };
  noteApplied(hook);
  try {
    const value = hook.handler(exports, info);
    // Undone from inside its own handler: what the handler changed goes with the hook, as undo
    // restores what a hook changed. Recorded after the undo ran, nothing could ever undo it.
    // Said, as the one-shot pattern of other tools (undo, then patch) would otherwise do nothing
    // without a word.
    if (!registry.importHooks.has(hook)) {
      warn(
        `the onImport handler for ${handlerFor(hook, info)} undid its own hook, so what it changed there is undone with it. To change only the first module a hook selects, keep the hook and have its handler return early on later calls`,
      );
      return { ok: false };
    }
    // Exports that are thenable themselves (a module that exports a promise, or a function
    // `then`) may be handed back, or replaced by another thenable: no promise of the handler's.
    if (isThenable(value) && !isThenable(exports)) {
      warn(
        `the onImport handler for ${handlerFor(hook, info)} returned a promise; handlers run while the module loads and must return synchronously, so it loads unpatched`,
      );
      return { ok: false };
    }
    return { ok: true, value };
  } catch (error) {
    warn(
      `the onImport handler for ${handlerFor(hook, info)} threw; the module loads unpatched`,
      error,
    );
    return { ok: false };
  }
}

/** Own properties of an exports object before a handler ran, to undo what it assigned. */
function snapshotOf(target: unknown) {
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null) return;
  const object = target as object;
  const before = new Map<PropertyKey, PropertyDescriptor>();
  for (const key of Reflect.ownKeys(object)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
    if (descriptor) before.set(key, descriptor);
  }
  return {
    /** Puts back every property as it was (a handler that failed). */
    restore() {
      for (const key of Reflect.ownKeys(object))
        if (!before.has(key)) Reflect.deleteProperty(object, key);
      for (const [key, descriptor] of before) put(object, key, descriptor);
    },
    /**
     * Records what the handler changed as one layer per property; the returned undo takes those
     * layers out.
     */
    commit(): () => void {
      const undos: (() => void)[] = [];
      for (const key of new Set([...before.keys(), ...Reflect.ownKeys(object)])) {
        const was = before.get(key);
        const now = Reflect.getOwnPropertyDescriptor(object, key);
        if (!sameDescriptor(was, now)) {
          undos.push(pushLayer(object, key, propertyCell(object, key), was, now));
        }
      }
      return () => {
        for (const undo of undos.reverse()) undo();
      };
    },
  };
}

/** A place a hook changes: a property (by its descriptor) or an ES module binding. */
interface Cell<V> {
  read(): V;
  write(value: V): void;
  same(a: V, b: V): boolean;
}

function propertyCell(target: object, key: PropertyKey): Cell<PropertyDescriptor | undefined> {
  return {
    read: () => Reflect.getOwnPropertyDescriptor(target, key),
    write: (descriptor) => put(target, key, descriptor),
    same: sameDescriptor,
  };
}

function bindingCell(record: EsmRecord, name: string): Cell<unknown> {
  return {
    read: () => (record.namespace as Record<string, unknown>)[name],
    write: (value) => setExport(record, name, value),
    same: (a, b) => a === b,
  };
}

/** One hook's change to one cell: what it found there and what it left. */
interface Layer {
  /** What the cell held below this change; relinked when the change below is undone. */
  before: unknown;
  readonly after: unknown;
}

/** The changes hooks made to each cell (by owner and key), oldest first, while in force. */
const layers = new WeakMap<object, Map<PropertyKey, Layer[]>>();

/**
 * Records a hook's change to a cell. Its undo works in any order, as for stacked patches: the
 * change on top puts back what was below it (when nobody changed the cell since); a change
 * further down leaves the cell alone and hands what was below it to the change above, so that
 * undoing that one later skips it.
 */
function pushLayer<V>(
  owner: object,
  key: PropertyKey,
  cell: Cell<V>,
  before: V,
  after: V,
): () => void {
  let byKey = layers.get(owner);
  if (!byKey) {
    byKey = new Map();
    layers.set(owner, byKey);
  }
  const stack = byKey.get(key) ?? [];
  byKey.set(key, stack);
  const layer: Layer = { before, after };
  stack.push(layer);
  return () => {
    const at = stack.indexOf(layer);
    if (at === -1) return;
    const above = stack[at + 1];
    if (above) {
      if (cell.same(above.before as V, after)) above.before = layer.before;
    } else if (cell.same(cell.read(), after)) {
      cell.write(layer.before as V);
    }
    stack.splice(at, 1);
    if (stack.length === 0 && byKey.get(key) === stack) byKey.delete(key);
  };
}

function put(target: object, key: PropertyKey, descriptor: PropertyDescriptor | undefined) {
  if (descriptor) Reflect.defineProperty(target, key, descriptor);
  else Reflect.deleteProperty(target, key);
}

function sameDescriptor(a: PropertyDescriptor | undefined, b: PropertyDescriptor | undefined) {
  if (!a || !b) return a === b;
  return a.value === b.value && a.get === b.get && a.set === b.set;
}
