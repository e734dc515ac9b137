import type { Part } from './descriptors.js';

/**
 * One patch on one property. Layers on the same property form a stack (`Slot.layers`, bottom
 * first); each sits either directly on the layer below it or on a descriptor it captured
 * (the original property, or a value some other patcher put there).
 */
export interface Layer {
  readonly slot: Slot;
  readonly part: Part;
  /** What the layer puts in its part of the property: a wrapper function, or a plain value. */
  readonly replacement: unknown;
  /** Whether `replacement` calls through to `original` (patch, spy) or stands alone (replace). */
  readonly wraps: boolean;
  /** True while the layer sits on the hookline layer just below it in `slot.layers`. */
  onPrevious: boolean;
  /** The target's own descriptor below this layer when it does not sit on a previous layer. */
  captured: PropertyDescriptor | undefined;
  /** What `target[key]` resolved to through the prototype chain when `captured` is undefined. */
  inherited: PropertyDescriptor | undefined;
  /**
   * The property as it was before a lazy getter, run to find the function to wrap, replaced
   * itself with its value (`captured`): restoring puts it back rather than `captured`, so that
   * the restore is exact (`descriptor` undefined: there was no own property). Absent from layers
   * that did not run such a getter, and from those a copy of hookline made before this existed.
   */
  lazyBefore?: { readonly descriptor: PropertyDescriptor | undefined } | undefined;
  /** The own descriptor this layer defines; none for a layer that takes the property away. */
  installed: PropertyDescriptor | undefined;
  /**
   * The layer takes the property away while it is on (`replace(process.env, name, undefined)`
   * unsets the variable). Absent from layers a copy of hookline made before this existed.
   */
  readonly absent?: boolean;
  /** The function the layer's wrapper calls through to; read on every call. */
  original: Function | undefined;
  /** False once restored; an inactive layer that cannot be taken out passes calls through. */
  active: boolean;
}

/** All hookline layers on one property of one object. */
export interface Slot {
  readonly target: object;
  readonly key: PropertyKey;
  readonly layers: Layer[];
}

/** Anything `restoreAll()` restores. */
export interface Restorable {
  restore(): void;
}

interface Registry {
  readonly slots: WeakMap<object, Map<PropertyKey, Slot>>;
  readonly active: Set<Restorable>;
  /** How deep hookline's own bookkeeping is running now: every layer passes calls through then. */
  busy: number;
}

// Shared through a global symbol so that two copies of hookline in one process (a dual package,
// or two versions in node_modules) see each other's layers and restore them in order. The
// version in the name keeps copies with a different layer format apart.
const registryKey = Symbol.for('hookline.patch.registry.v1');
const globalRecord = globalThis as unknown as Record<symbol, Registry | undefined>;

function createRegistry(): Registry {
  const registry: Registry = { slots: new WeakMap(), active: new Set(), busy: 0 };
  Object.defineProperty(globalThis, registryKey, { value: registry });
  return registry;
}

export const registry: Registry = globalRecord[registryKey] ?? createRegistry();
// A registry made by a copy of hookline from before `busy` lacks it: without it every layer
// would take `undefined` for "busy" and pass every call through, in both copies.
if (typeof registry.busy !== 'number') registry.busy = 0;

/**
 * Runs `fn`, a piece of hookline's own bookkeeping, with every layer passing calls straight
 * through. What hookline calls to keep its books (`Array.prototype.push`, `Set.prototype.add`,
 * `Reflect.getOwnPropertyDescriptor`) may be the very builtin a program spies on or patches: a
 * spy must record the program's calls only, and a spy on `push` must not record its own push.
 *
 * @example
 * ```ts
 * bookkeeping(() => slot.layers.push(layer)); // not a call a spy on Array.prototype.push sees
 * ```
 */
export function bookkeeping<T>(fn: () => T): T {
  registry.busy++;
  try {
    return fn();
  } finally {
    registry.busy--;
  }
}

/** The slot for `target[key]`, created when `create` is set. */
export function slotFor(target: object, key: PropertyKey, create: true): Slot;
export function slotFor(target: object, key: PropertyKey, create: false): Slot | undefined;
export function slotFor(target: object, key: PropertyKey, create: boolean): Slot | undefined {
  let byKey = registry.slots.get(target);
  if (!byKey) {
    if (!create) return undefined;
    byKey = new Map();
    registry.slots.set(target, byKey);
  }
  let slot = byKey.get(key);
  if (!slot && create) {
    slot = { target, key, layers: [] };
    byKey.set(key, slot);
  }
  return slot;
}

/** Forgets a slot that holds no layer any more. */
export function dropSlotIfEmpty(slot: Slot): void {
  if (slot.layers.length > 0) return;
  const byKey = registry.slots.get(slot.target);
  byKey?.delete(slot.key);
  if (byKey?.size === 0) registry.slots.delete(slot.target);
}
