import type { AuditEvent, AuditRule } from '../audit/types.js';
import { internally } from './own-loads.js';

// Taken without the ES module facade of node:util, which loads streams and more at start-up.
const { inspect, types } = internally(() => process.getBuiltinModule('node:util'));

/** Codes carried by every error hookline throws, so callers can branch on `error.code`. */
export type HooklineErrorCode =
  | 'ERR_HOOKLINE_INVALID_ARGUMENT'
  | 'ERR_HOOKLINE_MISSING_PROPERTY'
  | 'ERR_HOOKLINE_NOT_A_FUNCTION'
  | 'ERR_HOOKLINE_NOT_CONFIGURABLE'
  | 'ERR_HOOKLINE_FROZEN_TARGET'
  | 'ERR_HOOKLINE_MODULE_NAMESPACE'
  | 'ERR_HOOKLINE_REEXPORT_GETTER'
  | 'ERR_HOOKLINE_USAGE'
  | 'ERR_HOOKLINE_PAUSE_FAILED'
  | 'ERR_HOOKLINE_INSPECTOR_UNAVAILABLE'
  | 'ERR_HOOKLINE_COVERAGE_RUNNING'
  | 'ERR_HOOKLINE_ASYNC_LOADER'
  | 'ERR_HOOKLINE_SCHEME_LOAD'
  | 'ERR_HOOKLINE_REQUIRE_ESM'
  | 'ERR_HOOKLINE_INTEGRITY'
  | 'ERR_HOOKLINE_REPOSITORY_STATUS'
  | 'ERR_HOOKLINE_REPOSITORY_UNREACHABLE'
  | 'ERR_HOOKLINE_REPOSITORY_TIMEOUT'
  | 'ERR_HOOKLINE_REPOSITORY_CONTENT'
  | 'ERR_HOOKLINE_FINAL_CLASS'
  | 'ERR_HOOKLINE_OUT_OF_RANGE'
  | 'ERR_HOOKLINE_INVALID_VALUE'
  | 'ERR_HOOKLINE_AUDIT_DENIED';

/** The parts every hookline error message is made of. */
export interface ErrorParts {
  /** The call that refused, as the user wrote it: `patch(fs, "readFileSync")`. */
  readonly where: string;
  /** What was expected. */
  readonly expected: string;
  /** What came instead, already described in words. */
  readonly received: string;
  /** The way out: what the user can do instead. */
  readonly fix: string;
}

/**
 * What an error's constructor takes besides its message: `ErrorOptions`, which TypeScript declares
 * only from lib ES2022 on, named here so that a project on an older lib reads these declarations.
 */
export interface HooklineErrorOptions {
  readonly cause?: unknown;
}

/**
 * A `TypeError` with a stable `code` and the structured parts of its message, so tools can
 * show or test them without parsing text.
 */
export class HooklineTypeError extends TypeError {
  readonly code: HooklineErrorCode;
  readonly details: ErrorParts;

  constructor(code: HooklineErrorCode, parts: ErrorParts, options?: HooklineErrorOptions) {
    super(formatMessage(parts), options);
    this.name = 'TypeError';
    this.code = code;
    this.details = parts;
  }
}

/**
 * A `RangeError` with a stable `code` and the same structured message parts, for a value outside
 * the range it must keep to (a `@range` field set to 200 where 130 is the most).
 */
export class HooklineRangeError extends RangeError {
  readonly code: HooklineErrorCode;
  readonly details: ErrorParts;

  constructor(code: HooklineErrorCode, parts: ErrorParts, options?: HooklineErrorOptions) {
    super(formatMessage(parts), options);
    this.name = 'RangeError';
    this.code = code;
    this.details = parts;
  }
}

/**
 * An `Error` with a stable `code` for failures that are not about the caller's arguments (the
 * debugger could not pause the program, …), with the same structured message parts.
 */
export class HooklineError extends Error {
  readonly code: HooklineErrorCode;
  readonly details: ErrorParts;

  constructor(code: HooklineErrorCode, parts: ErrorParts, options?: HooklineErrorOptions) {
    super(formatMessage(parts), options);
    this.name = 'Error';
    this.code = code;
    this.details = parts;
  }
}

/**
 * The error an audit policy's `deny` rule throws (or hands to the callback, or rejects with) in
 * place of the operation, which does not happen. `event` is what was attempted, `rule` the rule
 * that denied it.
 */
export class AuditError extends HooklineError {
  declare readonly code: 'ERR_HOOKLINE_AUDIT_DENIED';
  readonly event: AuditEvent;
  readonly rule: AuditRule;

  constructor(parts: ErrorParts, event: AuditEvent, rule: AuditRule) {
    super('ERR_HOOKLINE_AUDIT_DENIED', parts);
    this.name = 'AuditError';
    this.event = event;
    this.rule = rule;
  }
}

/**
 * `instanceof AuditError` is true for an AuditError, and for the denial of an ES module's import
 * that Node 20's loader thread makes: Node hands the importer a copy of that error (an `Error`
 * with the same name, message, code, event and rule), which no constructor of this thread made.
 */
Object.defineProperty(AuditError, Symbol.hasInstance, {
  value: function hasInstance(this: typeof AuditError, value: unknown): boolean {
    return (
      Function.prototype[Symbol.hasInstance].call(this, value) ||
      (this === AuditError && isThreadDenial(value))
    );
  },
});

/** A copy of an AuditError made on Node 20's loader thread, as Node hands it over. */
function isThreadDenial(value: unknown): boolean {
  return (
    value instanceof Error &&
    value.name === 'AuditError' &&
    (value as { code?: unknown }).code === 'ERR_HOOKLINE_AUDIT_DENIED'
  );
}

/** One message format for all of hookline: `where: Expected … but got …. fix` */
export function formatMessage(parts: ErrorParts): string {
  return `${parts.where}: Expected ${parts.expected} but got ${parts.received}. ${parts.fix}`;
}

/** A short, single-line description of any value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'function') {
    return value.name ? `function ${value.name}` : 'an anonymous function';
  }
  if (typeof value === 'string') return `the string ${truncate(JSON.stringify(value))}`;
  if (typeof value !== 'object') return `${typeof value} ${truncate(String(value))}`;
  return truncate(inspect(value, { depth: 0, breakLength: Number.POSITIVE_INFINITY }));
}

/** How an error message names the object a property lives on. */
export function describeTarget(target: object): string {
  if (typeof target === 'function') return target.name || 'an anonymous function';
  // Not by its keys: they are the names of the environment's variables, a secret's among them.
  if (target === process.env) return 'process.env';
  if (isModuleNamespace(target)) return 'an ES module namespace';
  const tag = (target as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  if (typeof tag === 'string') return `[${tag}]`;
  const proto: unknown = Object.getPrototypeOf(target);
  if (proto === null) return 'a null-prototype object';
  const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
  const ctorName = typeof ctor?.name === 'string' ? ctor.name : '';
  if (ctorName && ctorName !== 'Object') return `a ${ctorName}`;
  // Its enumerable keys name it best; an object with only hidden ones is not empty.
  let keys = Object.keys(target);
  if (keys.length === 0) keys = Reflect.ownKeys(target).map((key) => String(key));
  if (keys.length === 0) return 'an empty object';
  const shown = keys.slice(0, 4).join(', ');
  return keys.length > 4 ? `{ ${shown}, … }` : `{ ${shown} }`;
}

/** How an error message names a property key. */
export function describeKey(key: PropertyKey): string {
  return typeof key === 'symbol' ? key.toString() : JSON.stringify(String(key));
}

export function isModuleNamespace(value: object): boolean {
  return types.isModuleNamespaceObject(value);
}

function truncate(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
