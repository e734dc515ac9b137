/** An `async function` or arrow, known by the tag every one of them carries. */
export function isAsyncFunction(value: unknown): boolean {
  return (
    typeof value === 'function' &&
    (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'AsyncFunction'
  );
}
