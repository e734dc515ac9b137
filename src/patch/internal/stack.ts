import { debug } from '../../internal/debuglog.js';
import {
  composeDescriptor,
  findDescriptor,
  functionBelow,
  type GetterRead,
  isAccessor,
  type Part,
  readThroughGetter,
  sameDescriptor,
} from './descriptors.js';
import { dropSlotIfEmpty, type Layer, type Slot, slotFor } from './registry.js';
import { syncBuiltinExports } from './sync-builtins.js';

/** What a new layer is: which part it replaces, and how its replacement is made. */
export interface LayerSpec {
  readonly part: Part;
  readonly wraps: boolean;
  /**
   * Refuses the patch (by throwing) when the property below cannot take it. Runs before
   * anything changes; `read` is what the getter returned or threw when a wrapper goes over an
   * accessor's value.
   */
  check(
    own: PropertyDescriptor | undefined,
    inherited: PropertyDescriptor | undefined,
    read: GetterRead | undefined,
  ): void;
  /** Makes the replacement; `original` is the function below, for wrappers to copy its shape. */
  replacement(layer: Layer, original: unknown): unknown;
  /** The property is taken away while the layer is on, rather than given the replacement. */
  readonly absent?: boolean;
}

/** What the property holds below a new layer, read once. */
interface Below {
  own: PropertyDescriptor | undefined;
  inherited: PropertyDescriptor | undefined;
  /** For a wrapper over an accessor's value: what its getter returned or threw. */
  read: GetterRead | undefined;
  /** The own descriptor before the getter ran, when the getter redefined the property. */
  replacedByGetter: PropertyDescriptor | undefined | null;
}

function lookBelow(target: object, key: PropertyKey, spec: LayerSpec): Below {
  const own = Reflect.getOwnPropertyDescriptor(target, key);
  const inherited = own ? undefined : findDescriptor(target, key)?.descriptor;
  const effective = own ?? inherited;
  if (!spec.wraps || spec.part !== 'value' || !effective || !isAccessor(effective)) {
    return { own, inherited, read: undefined, replacedByGetter: null };
  }
  // The getter runs once, here, as `target[key]` would run it.
  const read = readThroughGetter(target, effective);
  const now = Reflect.getOwnPropertyDescriptor(target, key);
  if (now === undefined ? own === undefined : sameDescriptor(own, now)) {
    return { own, inherited, read, replacedByGetter: null };
  }
  // A lazy getter that replaced itself with what it computed: the layer goes over that.
  const nowInherited = now ? undefined : findDescriptor(target, key)?.descriptor;
  const nowRead = now && !isAccessor(now) ? undefined : read;
  return { own: now, inherited: nowInherited, read: nowRead, replacedByGetter: own };
}

/** Puts back a property a lazy getter redefined while a refused patch looked at it. */
function undoGetterChange(
  target: object,
  key: PropertyKey,
  before: PropertyDescriptor | undefined,
) {
  try {
    if (before === undefined) Reflect.deleteProperty(target, key);
    else Object.defineProperty(target, key, before);
  } catch (error) {
    // The getter made its value read-only: as after any read of the property, it stays so.
    debug('could not put back %s after its getter redefined it: %o', String(key), error);
  }
}

/**
 * Puts a new layer on top of `target[key]`: on the hookline layer already there when the
 * property still holds it, otherwise on whatever the property holds now (the original, or
 * another patcher's value), which it captures.
 */
export function installLayer(target: object, key: PropertyKey, spec: LayerSpec): Layer {
  const slot = slotFor(target, key, true);
  try {
    settle(slot);
    const { own, inherited, read, replacedByGetter } = lookBelow(target, key, spec);
    try {
      spec.check(own, inherited, read);
    } catch (error) {
      if (replacedByGetter !== null) undoGetterChange(target, key, replacedByGetter);
      throw error;
    }
    const top = slot.layers.at(-1);
    const onPrevious = top !== undefined && sameDescriptor(own, top.installed);
    let original: unknown;
    if (spec.wraps) {
      original =
        read && 'value' in read ? read.value : functionBelow(spec.part, target, own ?? inherited);
    }
    const layer: Layer = {
      slot,
      part: spec.part,
      wraps: spec.wraps,
      replacement: undefined,
      onPrevious,
      captured: onPrevious ? undefined : own,
      inherited,
      // The getter goes back on restore, unless it made its value for good (non-configurable).
      lazyBefore:
        onPrevious || replacedByGetter === null || (own !== undefined && !own.configurable)
          ? undefined
          : { descriptor: replacedByGetter },
      installed: {},
      original: original as Function | undefined,
      active: true,
      absent: spec.absent === true,
    };
    (layer as { replacement: unknown }).replacement = spec.replacement(layer, original);
    if (layer.absent) {
      if (!Reflect.deleteProperty(target, key)) throw new TypeError(`cannot delete ${String(key)}`);
      layer.installed = undefined;
    } else {
      const installed = composeDescriptor(
        target,
        key,
        spec.part,
        layer.replacement,
        own,
        inherited,
      );
      Object.defineProperty(target, key, installed);
      // What the property holds now, which an exotic target may have changed on the way in
      // (process.env keeps strings only): restoring compares against it.
      layer.installed = Reflect.getOwnPropertyDescriptor(target, key) ?? installed;
    }
    slot.layers.push(layer);
    debug(
      'patched %s (%s, layer %d%s)',
      String(key),
      spec.part,
      slot.layers.length,
      onPrevious || slot.layers.length === 1 ? '' : ', over a foreign value',
    );
    syncBuiltinExports(target);
    return layer;
  } finally {
    dropSlotIfEmpty(slot);
  }
}

/**
 * Takes a restored layer out. When it is on top, the property gets back exactly what was below
 * it; when a hookline layer sits right on it, that layer is relinked onto what was below. When
 * something else holds on to it (another patcher wrapped it since), it stays in place as a
 * pass-through and is taken out later, once the property holds it again.
 */
export function removeLayer(layer: Layer): void {
  layer.active = false;
  const { slot } = layer;
  settle(slot);
  if (slot.layers.includes(layer)) {
    debug('restored %s: kept as a pass-through under another patcher', String(slot.key));
  }
  dropSlotIfEmpty(slot);
  syncBuiltinExports(slot.target);
}

/** Takes out every inactive layer that can be taken out, until none can. */
function settle(slot: Slot): void {
  let progress = true;
  while (progress) {
    progress = false;
    for (let i = slot.layers.length - 1; i >= 0; i--) {
      const layer = slot.layers[i] as Layer;
      if (!layer.active && tryTakeOut(slot, i)) {
        progress = true;
        break;
      }
    }
  }
}

function ownDescriptor(slot: Slot): PropertyDescriptor | undefined {
  return Reflect.getOwnPropertyDescriptor(slot.target, slot.key);
}

/** The own descriptor below layer `i`: the previous layer's, or the one it captured. */
function belowOf(slot: Slot, i: number): PropertyDescriptor | undefined {
  const layer = slot.layers[i] as Layer;
  return layer.onPrevious ? (slot.layers[i - 1] as Layer).installed : layer.captured;
}

function tryTakeOut(slot: Slot, i: number): boolean {
  const layer = slot.layers[i] as Layer;
  const below = belowOf(slot, i);
  if (i === slot.layers.length - 1) {
    if (!sameDescriptor(ownDescriptor(slot), layer.installed)) return false;
    // What was there before the layer looked: the lazy getter its look replaced, if it did.
    const before = layer.lazyBefore && !layer.onPrevious ? layer.lazyBefore.descriptor : below;
    try {
      if (before === undefined) {
        if (!Reflect.deleteProperty(slot.target, slot.key)) throw new TypeError('delete failed');
      } else {
        Object.defineProperty(slot.target, slot.key, before);
      }
    } catch (error) {
      process.emitWarning(
        `hookline could not put back ${String(slot.key)}; the patch stays as a pass-through`,
        { code: 'HOOKLINE_RESTORE_FAILED', detail: String(error) },
      );
      return false;
    }
    slot.layers.pop();
    return true;
  }
  const above = slot.layers[i + 1] as Layer;
  if (!above.onPrevious) return false;
  const plan = planRelink(slot, i + 1, below, layer.onPrevious ? undefined : layer.inherited);
  if (!plan) return false;
  const top = slot.layers.at(-1) as Layer;
  const last = plan.at(-1) as PlannedLayer;
  let topInstalled = last.installed;
  if (last.layer === top && sameDescriptor(ownDescriptor(slot), top.installed)) {
    try {
      if (last.installed !== undefined)
        Object.defineProperty(slot.target, slot.key, last.installed);
      else if (!Reflect.deleteProperty(slot.target, slot.key)) throw new TypeError('delete failed');
    } catch (error) {
      debug('relink of %s kept as pass-through: %o', String(slot.key), error);
      return false;
    }
    topInstalled = ownDescriptor(slot) ?? last.installed;
  }
  above.onPrevious = layer.onPrevious;
  above.captured = layer.captured;
  above.inherited = layer.inherited;
  above.lazyBefore = layer.lazyBefore;
  for (const step of plan) {
    step.layer.installed = step === last ? topInstalled : step.installed;
    step.layer.original = step.original;
  }
  slot.layers.splice(i, 1);
  return true;
}

interface PlannedLayer {
  readonly layer: Layer;
  readonly installed: PropertyDescriptor | undefined;
  readonly original: Function | undefined;
}

/**
 * What the layers from `start` up (as far as each sits on the previous one) become when the
 * layer under `start` is taken out, or undefined when one of them cannot sit on what would be
 * below it (a wrapper over what is no longer a function).
 */
function planRelink(
  slot: Slot,
  start: number,
  below: PropertyDescriptor | undefined,
  inherited: PropertyDescriptor | undefined,
): PlannedLayer[] | undefined {
  const plan: PlannedLayer[] = [];
  for (let j = start; j < slot.layers.length; j++) {
    const layer = slot.layers[j] as Layer;
    if (j > start && !layer.onPrevious) break;
    const effective = below ?? inherited;
    let original: Function | undefined;
    if (layer.wraps) {
      if (layer.part !== 'value' && (effective === undefined || !isAccessor(effective))) return;
      const fn = functionBelow(layer.part, slot.target, effective);
      if (typeof fn !== 'function') return;
      original = fn;
    }
    const installed = layer.absent
      ? undefined
      : composeDescriptor(slot.target, slot.key, layer.part, layer.replacement, below, inherited);
    plan.push({ layer, installed, original });
    below = installed;
    inherited = undefined;
  }
  return plan;
}
