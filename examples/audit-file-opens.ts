// The talk's second example: audit every file the program opens — when, who and how — by
// patching the function that opens files, then read the history.
//
// Node has more than one way in: fs.openSync, fs.open, fs.promises.open, and the many helpers
// built on them. Patching the module's functions sees the calls that go through them; some
// helpers (readFileSync of UTF-8 text on newer Node) reach the system directly, which is why a
// complete audit needs to hook below the module: hookline/audit does that.
import fs, { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { patch, restoreAll } from 'hookline/patch';

interface OpenRecord {
  readonly time: string;
  readonly path: string;
  readonly flags: string;
  readonly caller: string;
}
const history: OpenRecord[] = [];

/** Who called `entry` (the patched function): its caller's name and file:line. */
function callerOf(entry: Function): string {
  const holder: { stack?: string } = {};
  // Frames above the patched function (this wrapper, hookline's) are left out of the stack.
  Error.captureStackTrace(holder, entry);
  const frame = holder.stack?.split('\n')[1]?.trim() ?? '';
  const [, name = '<top level>', file = '', line = ''] =
    /^at (?:(\S+) \()?.*\/([^/]+?):(\d+):\d+\)?$/.exec(frame) ?? [];
  return `${name} (${file}:${line})`;
}

function record(path: unknown, flags: unknown, entry: Function): void {
  const opened: OpenRecord = {
    time: new Date().toISOString().slice(11, 19),
    path: String(path),
    flags: String(flags ?? 'r'),
    caller: callerOf(entry),
  };
  history.push(opened);
  console.log(`detected file opening: ${relative(folder, opened.path)}`);
}

const folder = mkdtempSync(join(tmpdir(), 'hookline-audit-'));

patch(fs, 'openSync', (original, self, args) => {
  record(args[0], args[1], fs.openSync);
  return original.apply(self, args);
});
patch(fs.promises, 'open', (original, self, args) => {
  record(args[0], args[1], fs.promises.open);
  return original.apply(self, args);
});

function main(): Promise<void> {
  for (const name of ['t1.txt', 't2.txt', 't3.txt']) {
    fs.closeSync(fs.openSync(join(folder, name), 'w'));
  }
  return fs.promises.open(join(folder, 't4.txt'), 'w').then((handle) => handle.close());
}

await main();
restoreAll();

console.log('history:');
for (const entry of history) {
  console.log(
    `  ${entry.time} open ${relative(folder, entry.path)} "${entry.flags}" by ${entry.caller}`,
  );
}
fs.rmSync(folder, { recursive: true });
