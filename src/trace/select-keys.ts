import {
  describeKey,
  describeTarget,
  describeValue,
  HooklineTypeError,
} from '../internal/errors.js';
import type { TraceInclude } from './types.js';

/** What a function's own `length`, `name`, `prototype`… are: not methods of it. */
const functionShape = new Set(['length', 'name', 'prototype', 'arguments', 'caller']);

/**
 * The names of the function-valued data properties of `target` that `include` selects, own ones
 * first, then those inherited from its prototype chain when `target` is a class instance or a
 * prototype (the chain up to, not including, `Object.prototype` and `Function.prototype`: their
 * methods are every object's, not the target's). `constructor` and accessors are left out: a
 * getter's value is computed, not a method. A name shadowed lower in the chain is taken once.
 */
export function selectKeys(target: object, include: TraceInclude | undefined): string[] {
  const selected: string[] = [];
  const seen = new Set<string>();
  for (
    let holder: object | null = target;
    holder !== null;
    holder = Object.getPrototypeOf(holder)
  ) {
    if (holder === Object.prototype || holder === Function.prototype) break;
    for (const name of Object.getOwnPropertyNames(holder)) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (name === 'constructor') continue;
      if (typeof holder === 'function' && functionShape.has(name)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(holder, name);
      if (descriptor === undefined || !('value' in descriptor)) continue;
      if (typeof descriptor.value !== 'function') continue;
      if (selects(include, name)) selected.push(name);
    }
  }
  if (Array.isArray(include)) checkNamed(target, include, selected);
  return selected;
}

function selects(include: TraceInclude | undefined, name: string): boolean {
  if (include === undefined) return true;
  if (Array.isArray(include)) return include.includes(name);
  if (include instanceof RegExp) {
    include.lastIndex = 0; // a /g or /y pattern keeps where it stopped between tests
    return include.test(name);
  }
  return Boolean((include as (name: string) => boolean)(name));
}

/** Names asked for one by one must all be there: a typo would otherwise trace nothing, silently. */
function checkNamed(target: object, include: readonly string[], selected: string[]): void {
  for (const name of include) {
    if (selected.includes(name)) continue;
    const value = (target as Record<string, unknown>)[name];
    throw new HooklineTypeError(
      name in target ? 'ERR_HOOKLINE_NOT_A_FUNCTION' : 'ERR_HOOKLINE_MISSING_PROPERTY',
      {
        where: `traceCalls(${describeTarget(target)}, { include: [${describeKey(name)}] })`,
        expected: 'a method (a function-valued data property) of that name',
        received: name in target ? describeValue(value) : 'no such property',
        fix: 'Name only methods the target has, or pass a RegExp or a function to select by name.',
      },
    );
  }
}

/** Refuses an `include` that is none of the three forms, before anything is wrapped. */
export function checkInclude(target: object, include: unknown): void {
  if (
    include === undefined ||
    include instanceof RegExp ||
    typeof include === 'function' ||
    (Array.isArray(include) && include.every((name) => typeof name === 'string'))
  ) {
    return;
  }
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where: `traceCalls(${describeTarget(target)}, { include })`,
    expected: 'an array of names, a RegExp or a function (name) => boolean',
    received: describeValue(include),
    fix: 'Leave include out to trace every method, or pass e.g. /^read/.',
  });
}
