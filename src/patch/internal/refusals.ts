import {
  describeKey,
  describeTarget,
  describeValue,
  type HooklineErrorCode,
  HooklineTypeError,
  isModuleNamespace,
} from '../../internal/errors.js';
import { namespaceViews } from '../../internal/namespace-views.js';
import { type GetterRead, isAccessor, type Part } from './descriptors.js';

/** The call being checked, for the error message: `patch(fs, "readFileSync")`. */
export interface Call {
  readonly name: 'patch' | 'replace' | 'spy';
  readonly target: object;
  readonly key: PropertyKey;
}

/** The call as the user wrote it, for error messages: `patch(fs, "readFileSync")`. */
export function where(call: Call, rest = ''): string {
  return `${call.name}(${describeTarget(call.target)}, ${describeKey(call.key)}${rest})`;
}

function refuse(
  code: HooklineErrorCode,
  call: Call,
  expected: string,
  received: string,
  fix: string,
  cause?: unknown,
): never {
  const options = cause === undefined ? undefined : { cause };
  throw new HooklineTypeError(code, { where: where(call), expected, received, fix }, options);
}

/**
 * Refuses a target that is not an object or function, or a key that is not a property key.
 * Returns the key as the property is named: a number becomes its string, as `target[0]` and
 * `target['0']` are one property.
 */
export function checkArguments(name: Call['name'], target: unknown, key: unknown): PropertyKey {
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: `${name}(…)`,
      expected: 'an object or a function as the target',
      received: describeValue(target),
      fix: 'Pass the object that holds the property, e.g. patch(fs, "readFileSync", …).',
    });
  }
  if (typeof key !== 'string' && typeof key !== 'symbol' && typeof key !== 'number') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: `${name}(${describeTarget(target)}, …)`,
      expected: 'a property key (a string, symbol or number)',
      received: describeValue(key),
      fix: 'Pass the name of the property to patch as the second argument.',
    });
  }
  if (namespaceViews.has(target)) {
    refuse(
      'ERR_HOOKLINE_MODULE_NAMESPACE',
      { name, target, key },
      'an object whose properties can be redefined',
      "an ES module's exports as an onImport handler gets them, whose properties set the module's bindings",
      'Assign the export instead (exports.name = wrapped, calling the original you read first): every importer sees the change, and the undo of onImport takes it back.',
    );
  }
  if (isModuleNamespace(target)) {
    refuse(
      'ERR_HOOKLINE_MODULE_NAMESPACE',
      { name, target, key },
      'an object whose properties can be changed',
      'an ES module namespace, whose exports are read-only live bindings',
      'Hook the module as it loads with onImport() from hookline/modules, or patch the object the module exports (its default export, or a class prototype).',
    );
  }
  return typeof key === 'number' ? String(key) : key;
}

function frozenness(target: object): string {
  // Sealed, frozen or made non-extensible, an object with no properties is all three to
  // JavaScript: which call made it so cannot be told.
  if (Reflect.ownKeys(target).length === 0) return 'an object that cannot take properties';
  if (Object.isFrozen(target)) return 'a frozen object';
  if (Object.isSealed(target)) return 'a sealed object';
  return 'an object that is not extensible';
}

/**
 * Refuses a patch that cannot be put on, or taken off, exactly: a missing property, a value of
 * the wrong kind, a property that cannot be redefined, a target that cannot get an own property.
 */
export function checkProperty(
  call: Call,
  part: Part,
  wraps: boolean,
  own: PropertyDescriptor | undefined,
  inherited: PropertyDescriptor | undefined,
  read: GetterRead | undefined,
): void {
  const effective = own ?? inherited;
  if (effective === undefined && wraps) {
    refuse(
      'ERR_HOOKLINE_MISSING_PROPERTY',
      call,
      'an existing property',
      `no property ${describeKey(call.key)} on the target or its prototypes`,
      'Check the name, or use replace() to add a property that does not exist.',
    );
  }
  if (own && !own.configurable) checkNonConfigurable(call, part, own);
  if (!own && !Object.isExtensible(call.target)) {
    refuse(
      'ERR_HOOKLINE_FROZEN_TARGET',
      call,
      'an object that can take a new own property',
      frozenness(call.target),
      inherited
        ? 'Patch the object the property is inherited from (a prototype), or patch before the object is frozen or sealed.'
        : 'Add the property before the object is frozen, sealed or made non-extensible.',
    );
  }
  if (effective === undefined || !wraps) return;
  if (part === 'value') checkFunctionValue(call, effective, read);
  else checkAccessorPart(call, part, effective);
}

function checkNonConfigurable(call: Call, part: Part, own: PropertyDescriptor): void {
  if (isAccessor(own)) {
    if (own.get && !own.set && part === 'value') {
      refuse(
        'ERR_HOOKLINE_REEXPORT_GETTER',
        call,
        'a property that can be redefined',
        'a non-configurable getter, the kind TypeScript, Babel and bundlers emit for `export … from` re-exports',
        'Patch the module that defines the export (the getter reads from it), or hook the import with onImport() from hookline/modules.',
      );
    }
    refuse(
      'ERR_HOOKLINE_NOT_CONFIGURABLE',
      call,
      'a configurable accessor',
      'a non-configurable accessor, which cannot be redefined',
      'Patch the object it is inherited from, or hook where the object is created.',
    );
  }
  if (!own.writable) {
    refuse(
      Object.isFrozen(call.target) ? 'ERR_HOOKLINE_FROZEN_TARGET' : 'ERR_HOOKLINE_NOT_CONFIGURABLE',
      call,
      'a configurable or writable property',
      Object.isFrozen(call.target)
        ? 'a property of a frozen object'
        : 'a non-configurable, read-only property',
      'It cannot be changed in place: patch before the object is frozen, or hook where it is created (onImport() from hookline/modules for a module).',
    );
  }
  if (part !== 'value') {
    refuse(
      'ERR_HOOKLINE_NOT_CONFIGURABLE',
      call,
      'an accessor property',
      'a non-configurable data property',
      'Drop the accessor option: the value of a writable property can be patched.',
    );
  }
}

function checkFunctionValue(
  call: Call,
  effective: PropertyDescriptor,
  read: GetterRead | undefined,
): void {
  if (!isAccessor(effective)) {
    if (typeof effective.value !== 'function') {
      refuse(
        'ERR_HOOKLINE_NOT_A_FUNCTION',
        call,
        'a function',
        describeHeld(call, effective.value),
        'Use replace() to swap a value that is not a function.',
      );
    }
    return;
  }
  if (read && 'error' in read) {
    const message = read.error instanceof Error ? read.error.message : String(read.error);
    refuse(
      'ERR_HOOKLINE_NOT_A_FUNCTION',
      call,
      'a function',
      `an accessor whose getter threw: ${message}`,
      "Patch once the getter can return the function, pass { accessor: 'get' } to wrap the getter itself, or use replace().",
      read.error,
    );
  }
  const value = read?.value;
  if (typeof value !== 'function') {
    refuse(
      'ERR_HOOKLINE_NOT_A_FUNCTION',
      call,
      'a function',
      `an accessor whose getter returns ${describeValue(value)}`,
      "Pass { accessor: 'get' } or { accessor: 'set' } to wrap the getter or setter itself, or use replace().",
    );
  }
}

function checkAccessorPart(call: Call, part: 'get' | 'set', effective: PropertyDescriptor): void {
  if (!isAccessor(effective)) {
    refuse(
      'ERR_HOOKLINE_INVALID_ARGUMENT',
      call,
      `an accessor property (with a ${part === 'get' ? 'getter' : 'setter'})`,
      'a data property',
      'Drop the accessor option to wrap the function the property holds, or use replace().',
    );
  }
  if (typeof effective[part] !== 'function') {
    refuse(
      'ERR_HOOKLINE_INVALID_ARGUMENT',
      call,
      `an accessor with a ${part === 'get' ? 'getter' : 'setter'}`,
      `an accessor with only a ${part === 'get' ? 'setter' : 'getter'}`,
      `Wrap the ${part === 'get' ? 'setter' : 'getter'} instead, or use replace().`,
    );
  }
}

/**
 * What a property holds, for a message. Never an environment variable's value: it may be a token
 * or a password, and the message may end up in a CI log.
 */
function describeHeld(call: Call, value: unknown): string {
  if (call.target === process.env && typeof value === 'string') {
    return `a string of ${value.length} characters (the value of an environment variable, not shown)`;
  }
  return describeValue(value);
}

/**
 * Refuses what `process.env` cannot hold, before anything changes: it names variables by strings
 * and stores strings (a number or a boolean as its string), and a symbol is neither.
 */
export function checkEnvironmentVariable(call: Call, value: unknown): void {
  if (typeof call.key === 'symbol') {
    refuse(
      'ERR_HOOKLINE_INVALID_ARGUMENT',
      call,
      'the name of an environment variable (a string)',
      'a symbol',
      "process.env names its variables by strings: pass the variable's name.",
    );
  }
  if (typeof value === 'symbol') {
    refuse(
      'ERR_HOOKLINE_INVALID_ARGUMENT',
      call,
      'a string (process.env holds strings only)',
      'a symbol',
      "Pass the value as a string (the symbol's description, say), or undefined to unset the variable while replaced.",
    );
  }
}

/** Refuses an `accessor` option other than 'get' or 'set'. */
export function checkAccessorOption(call: Call, accessor: unknown): Part {
  if (accessor === undefined) return 'value';
  if (accessor === 'get' || accessor === 'set') return accessor;
  throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
    where: where(call, ', …, { accessor }'),
    expected: "'get' or 'set'",
    received: describeValue(accessor),
    fix: "Pass { accessor: 'get' } to wrap a getter, { accessor: 'set' } a setter, or leave it out to wrap a function.",
  });
}

/** Wraps a failure of the engine's own `defineProperty` (a Proxy trap that says no). */
export function refusedByTarget(call: Call, cause: unknown): HooklineTypeError {
  return new HooklineTypeError(
    'ERR_HOOKLINE_NOT_CONFIGURABLE',
    {
      where: where(call),
      expected: 'the target to accept a new property descriptor',
      received: `a refusal: ${cause instanceof Error ? cause.message : String(cause)}`,
      fix: 'The target (perhaps a Proxy) does not allow redefining this property; patch the object behind it.',
    },
    { cause },
  );
}
