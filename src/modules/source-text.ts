/**
 * A module's source as text: loaders and scheme loaders may hand it over as a string or as bytes
 * (a `Uint8Array`, a `Buffer`, an `ArrayBuffer`), always UTF-8.
 */
export function sourceText(source: string | ArrayBuffer | Uint8Array): string {
  if (typeof source === 'string') return source;
  return (
    source instanceof Uint8Array
      ? Buffer.from(source.buffer, source.byteOffset, source.byteLength)
      : Buffer.from(source)
  ).toString('utf8');
}

/**
 * An ES or JSON module's source as text, as Node reads a module's bytes: without a leading
 * byte-order mark. Node drops it when it decodes the bytes itself; a string hookline hands back
 * is not decoded again, and V8 would take the mark for a character before a hashbang line
 * (`#!/usr/bin/env node`), which must come first: a syntax error. `JSON.parse` refuses it too.
 */
export function moduleSourceText(source: string | ArrayBuffer | Uint8Array): string {
  const text = sourceText(source);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
