/**
 * Items for one line of a message, cut short when there are many.
 *
 * @example
 * ```ts
 * listed(['"a"', '"b"', '"c"'], 2); // '"a", "b" and 1 more'
 * ```
 */
export function listed(items: readonly string[], shown = 6): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
