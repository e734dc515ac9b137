import type { AnyFunction } from '../patch/types.js';

/** Any function that can be called (the one type `hookline/patch` names so). */
export type { AnyFunction };

/** Any class, abstract or not. */
export type AnyClass = abstract new (...args: any[]) => any;

/**
 * A decorator of methods that is also a function wrapper: `@decorator` on a method keeps the
 * method's type, and `decorator(fn)` returns a function of `fn`'s type.
 */
export interface FunctionDecorator {
  <F extends AnyFunction>(fn: F): F;
  <This, F extends (this: This, ...args: any) => any>(
    method: F,
    context: ClassMethodDecoratorContext<This, F>,
  ): F;
}

/**
 * A method decorator that changes what a call can return to `Result` (`undefined` from a guard
 * that refuses, a stub's value): a method keeps its type where `Result` fits what it is declared
 * to return, and `decorator(fn)` returns a function that may return `Result` too.
 */
export interface ResultDecorator<Result, Self = unknown> {
  <F extends (this: Self, ...args: any) => any>(
    fn: F,
  ): (this: ThisParameterType<F>, ...args: Parameters<F>) => ReturnType<F> | Result;
  <This extends Self, F extends (this: This, ...args: any) => any>(
    method: F,
    context: ClassMethodDecoratorContext<This, F>,
  ): (this: This, ...args: Parameters<F>) => ReturnType<F> | Result;
}

/** A decorator of `accessor` fields holding a `Value`: validates what they are given. */
export type AccessorDecorator<Value> = <This, V extends Value>(
  target: ClassAccessorDecoratorTarget<This, V>,
  context: ClassAccessorDecoratorContext<This, V>,
) => ClassAccessorDecoratorResult<This, V>;

/** Options of {@link logged}. */
export interface LoggedOptions {
  /** What starts each line: `'*'` unless given. */
  readonly prefix?: string | undefined;
  /** Where the lines go: `console.log` unless given. */
  readonly log?: ((line: string) => void) | undefined;
}

/** Options of {@link timed}. */
export interface TimedOptions {
  /** Where the default line goes: `console.log` unless given. Not used with `onTime`. */
  readonly log?: ((line: string) => void) | undefined;
  /** Gets each call's time, in milliseconds, and the function's name, in place of the line. */
  readonly onTime?: ((ms: number, name: string) => void) | undefined;
}

/** Options of {@link retry}. */
export interface RetryOptions {
  /** How many more times a failed call is tried: a non-negative integer. */
  readonly times: number;
  /**
   * Which errors are retried: an `Error` class (by `instanceof`), or a predicate; every error
   * unless given.
   */
  readonly on?:
    | (abstract new (
        ...args: any[]
      ) => unknown)
    | ((error: unknown) => boolean)
    | undefined;
  /**
   * Milliseconds to wait before each new try of a function that returned a promise; 0 unless
   * given. A function that throws synchronously is tried again at once.
   */
  readonly delay?: number | undefined;
}

/**
 * The decorator {@link stub} returns: the function no longer runs, and every call returns
 * `Value`. A method keeps its type where `Value` fits what it is declared to return.
 */
export interface StubDecorator<Value> {
  <F extends AnyFunction>(fn: F): (this: ThisParameterType<F>, ...args: Parameters<F>) => Value;
  <This, F extends (this: This, ...args: any) => any>(
    method: F,
    context: ClassMethodDecoratorContext<This, F>,
  ): (this: This, ...args: Parameters<F>) => Value;
}
