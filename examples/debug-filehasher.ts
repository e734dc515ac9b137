// The blog's first use of hook(): debugging a file hasher.
//
// The hasher decodes each chunk as UTF-8 text and hashes the text, so any file that is not
// valid UTF-8 gets a digest that differs from `sha256sum`'s. In Python the mistake failed
// loudly (`Strings must be encoded before hashing`); Node's `hash.update()` accepts strings,
// so here it fails silently: a wrong digest. A hook after the first read shows why:
//
//   node --enable-source-maps build/examples/debug-filehasher.js [file]
//   > [Buffer.byteLength(text), bytesRead]   // [ 7, 5 ]: decoding changed the data
//   > createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex')
//
// With no terminal the hook is skipped with one line on stderr, and the (wrong) digest prints.
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hook } from 'hookline/debug';

export function hashFile(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1024);
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const text = buffer.toString('utf8', 0, bytesRead);
      hook({ banner: 'Why does the digest differ from sha256sum?' });
      hash.update(text);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** A small file that is not UTF-8: "café" in Latin-1, in a folder of its own. */
function sampleFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hookline-hasher-')), 'latin1.txt');
  writeFileSync(path, Buffer.from('café\n', 'latin1'));
  return path;
}

const path = process.argv[2] ?? sampleFile();
try {
  console.log(`Hash: ${hashFile(path)}`);
} finally {
  if (process.argv[2] === undefined) rmSync(dirname(path), { recursive: true, force: true });
}
