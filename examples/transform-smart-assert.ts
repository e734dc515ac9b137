/**
 * The smart assert (the talk's 4.1.2, macropy's `require[…]`): a failing assert says what each
 * part of its expression was, each value under its part of the line as power-assert draws it
 * (an assert over several lines lists them, in the order they ran). Here the transform is turned
 * on for one module, written to a temporary folder and imported; for a whole program,
 * `HOOKLINE_TRANSFORM=assert node --import hookline/register app.js` does the same for every file
 * of its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { useSmartAssert } from 'hookline/transform';

const folder = mkdtempSync(join(tmpdir(), 'hookline-smart-assert-'));
const file = join(folder, 'smart-asserts.mjs');
writeFileSync(
  file,
  `import assert from 'node:assert';

export function requireFailed() {
  assert(3**2 + 4**2 !== 5**2);
}

export function requireBlock() {
  const a = 10;
  const b = 2;
  assert(a > 5);
  assert(a * b === 20);
  assert(a < 2);
}
`,
);

const url = pathToFileURL(file).href;
const unhook = useSmartAssert((loaded) => loaded === url);
try {
  const { requireFailed, requireBlock } = (await import(url)) as Record<string, () => void>;
  for (const run of [requireFailed, requireBlock]) {
    try {
      run?.();
    } catch (error) {
      console.log((error as Error).message);
    }
  }
} finally {
  unhook();
  rmSync(folder, { recursive: true, force: true });
}
