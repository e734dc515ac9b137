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
