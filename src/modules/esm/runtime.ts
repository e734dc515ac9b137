/** An instrumented ES module, as its epilogue reported it once it had evaluated. */
export interface EsmRecord {
  readonly url: string;
  /** The module's own namespace: live reads of every export. */
  readonly namespace: object;
  /** One setter per export whose binding this module declares. */
  readonly setters: Readonly<Record<string, (value: unknown) => void>>;
  /** `export { imported as exported } from …`: the source module's namespace, and specifier. */
  readonly reexports: ReadonlyMap<string, readonly [object, string, string]>;
  /** `export * from …` sources (namespace, specifier), in source order. */
  readonly stars: readonly (readonly [object, string])[];
}

const byNamespace = new WeakMap<object, EsmRecord>();
const byUrl = new Map<string, EsmRecord>();

let onEvaluated: (record: EsmRecord, specifiers: readonly string[]) => void = () => {};

/** Tells the runtime what to do once a hooked module has evaluated (set by the dispatcher). */
export function setEvaluatedListener(
  listener: (record: EsmRecord, specifiers: readonly string[]) => void,
): void {
  onEvaluated = listener;
}

/** The record of an instrumented module that has evaluated, by URL. */
export function esmRecord(url: string): EsmRecord | undefined {
  return byUrl.get(url);
}

/**
 * Called by an instrumented module's epilogue. A renamed anonymous default export gets its
 * `name` back (`default`), as if it had never been renamed.
 */
export function evaluated(
  url: string,
  namespace: object,
  setters: Record<string, (value: unknown) => void>,
  reexports: readonly (readonly [string, object, string, string])[],
  stars: readonly (readonly [object, string])[],
  defaultLocal: string | undefined,
  specifiers: readonly string[],
): void {
  if (defaultLocal) restoreDefaultName(namespace, defaultLocal);
  const record: EsmRecord = {
    url,
    namespace,
    setters,
    reexports: new Map(
      reexports.map(([exported, source, imported, specifier]) => [
        exported,
        [source, imported, specifier],
      ]),
    ),
    stars,
  };
  byNamespace.set(namespace, record);
  byUrl.set(url, record);
  if (specifiers.length > 0) onEvaluated(record, specifiers);
}

/**
 * Assigns an export of an instrumented module where its binding lives, following re-exports
 * and `export *` the way the language resolves them. `false` when the binding belongs to a
 * module hookline did not instrument (CommonJS, a builtin, or an ES module that loaded before
 * hookline knew it was re-exported).
 */
export function setExport(record: EsmRecord, name: string, value: unknown, depth = 0): boolean {
  if (depth > 100) return false;
  const setter = setterOf(record, name);
  if (setter) {
    setter(value);
    return true;
  }
  const reexport = record.reexports.get(name);
  if (reexport) {
    const [source, imported] = reexport;
    const owner = byNamespace.get(source);
    return imported !== '*' && owner !== undefined && setExport(owner, imported, value, depth + 1);
  }
  for (const [source] of record.stars) {
    if (name !== 'default' && name in source) {
      const owner = byNamespace.get(source);
      return owner !== undefined && setExport(owner, name, value, depth + 1);
    }
  }
  return false;
}

/**
 * Where export `name` of a module comes from when {@link setExport} could not assign it: the
 * module that declares its binding, which hookline did not instrument (CommonJS, a builtin, an ES
 * module that loaded before hookline knew it was re-exported), as the last instrumented module on
 * the way re-exports it: that module's URL and the specifier it wrote. `undefined` for a binding
 * of the module itself.
 */
export function bindingSource(
  record: EsmRecord,
  name: string,
  depth = 0,
): { readonly importer: string; readonly specifier: string } | undefined {
  if (depth > 100 || setterOf(record, name)) return undefined;
  const reexport = record.reexports.get(name);
  if (reexport) {
    const [source, imported, specifier] = reexport;
    const owner = byNamespace.get(source);
    return owner && imported !== '*'
      ? bindingSource(owner, imported, depth + 1)
      : { importer: record.url, specifier };
  }
  for (const [source, specifier] of record.stars) {
    if (name !== 'default' && name in source) {
      const owner = byNamespace.get(source);
      return owner ? bindingSource(owner, name, depth + 1) : { importer: record.url, specifier };
    }
  }
  return undefined;
}

/**
 * The setter of an export the module declares. Its own: the epilogue's object literal inherits
 * `toString`, `valueOf` and the rest of Object.prototype, names that modules export too (lodash-es
 * does both).
 */
function setterOf(record: EsmRecord, name: string): ((value: unknown) => void) | undefined {
  return Object.hasOwn(record.setters, name) ? record.setters[name] : undefined;
}

/**
 * Whether export `name` of a module is another module's whole namespace that it re-exports
 * (`export * as ns from …`, `import * as ns …; export { ns }`): no binding holds it, so no
 * assignment can replace it. Gives that module's URL where it is instrumented, so its members can
 * be changed there.
 */
export function reexportedNamespace(
  record: EsmRecord,
  name: string,
): { readonly url: string | undefined } | undefined {
  const reexport = record.reexports.get(name);
  if (reexport === undefined || reexport[1] !== '*') return undefined;
  return { url: byNamespace.get(reexport[0])?.url };
}

function restoreDefaultName(namespace: object, local: string): void {
  const value = (namespace as { default?: unknown }).default;
  if (typeof value !== 'function') return;
  const descriptor = Object.getOwnPropertyDescriptor(value, 'name');
  if (descriptor?.value === local && descriptor.configurable) {
    Object.defineProperty(value, 'name', { ...descriptor, value: 'default' });
  }
}
