const nativeCall = Function.prototype.call;
// Taken now: a program may spy on Reflect.apply itself, below which a spy must not go.
const { apply } = Reflect;

/**
 * `Reflect.apply(fn, self, args)`, written out for up to four arguments. A call with an array
 * that escapes (a spy keeps it) cannot be turned into a direct call by V8, and the generic path
 * costs more than the rest of a spy's work; a direct `fn.call` with the arguments listed can be
 * inlined. A function with a `call` property of its own (or an instrumented
 * `Function.prototype.call`) takes the generic path, so that it is `fn` that runs.
 */
export function callWith(fn: Function, self: unknown, args: unknown[]): unknown {
  if (fn.call !== nativeCall) return apply(fn, self, args);
  switch (args.length) {
    case 0:
      return fn.call(self);
    case 1:
      return fn.call(self, args[0]);
    case 2:
      return fn.call(self, args[0], args[1]);
    case 3:
      return fn.call(self, args[0], args[1], args[2]);
    case 4:
      return fn.call(self, args[0], args[1], args[2], args[3]);
    default:
      return apply(fn, self, args);
  }
}
