import assert from 'node:assert/strict';
import fs, { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { type AuditEvent, type AuditEventName, audit, type Unhook } from 'hookline/audit';

const folder = mkdtempSync(join(tmpdir(), 'hookline-audit-fs-'));
const file = join(folder, 'a.txt');
let unhooks: Unhook[] = [];
afterEach(() => {
  for (const unhook of unhooks) unhook();
  unhooks = [];
});
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));

/** The events of `names` that `run` causes, as `event api path`. */
async function eventsOf(
  names: readonly AuditEventName[],
  run: () => unknown,
): Promise<AuditEvent[]> {
  const seen: AuditEvent[] = [];
  for (const name of names) unhooks.push(audit.on(name, (e) => seen.push(e)));
  await run();
  for (const unhook of unhooks) unhook();
  return seen;
}

const brief = (e: AuditEvent) => `${e.event} ${'api' in e.args ? e.args.api : ''}`;
const fsEvents: AuditEventName[] = ['fs.open', 'fs.write', 'fs.unlink', 'fs.rm', 'fs.rename'];

test('fs.open: every way to open by path, once each, with flags, site and time', async () => {
  fs.writeFileSync(file, 'x');
  const before = Date.now();
  const seen = await eventsOf(['fs.open'], async () => {
    fs.closeSync(fs.openSync(file, 'r+'));
    await new Promise<void>((done) => fs.open(file, (_e, fd) => fs.close(fd, () => done())));
    await (await fs.promises.open(file)).close();
    readFileSync(file); // the ES module named import sees the wrapper too
    await fs.promises.readFile(file);
    await new Promise<void>((done) => fs.readFile(file, () => done()));
    await new Promise<void>((done) =>
      fs
        .createReadStream(file)
        .on('close', () => done())
        .resume(),
    );
    await new Promise<void>((done) =>
      fs.createWriteStream(file, { flags: 'a' }).end('y', () => done()),
    );
    fs.readFileSync(fs.openSync(file, 'r')); // by file descriptor: only the openSync is an open
  });
  assert.deepEqual(seen.map(brief), [
    'fs.open fs.openSync',
    'fs.open fs.open',
    'fs.open fs.promises.open',
    'fs.open fs.readFileSync',
    'fs.open fs.promises.readFile',
    'fs.open fs.readFile',
    'fs.open fs.createReadStream',
    'fs.open fs.createWriteStream',
    'fs.open fs.openSync',
  ]);
  const first = seen[0] as AuditEvent & { event: 'fs.open' };
  assert.equal(first.args.path, file);
  assert.equal(first.args.flags, 'r+');
  assert.equal((seen[7] as AuditEvent & { event: 'fs.open' }).args.flags, 'a');
  assert.match(first.site?.file ?? '', /events-fs\.test\.(?:ts|js)$/);
  assert.ok((first.site?.line ?? 0) > 0);
  assert.ok(first.time >= before - 1 && first.time <= Date.now() + 1);
});

test('fs.write, fs.unlink, fs.rm, fs.rename: sync, callback and promise forms', async () => {
  const seen = await eventsOf(fsEvents, async () => {
    fs.writeFileSync(file, 'x');
    fs.appendFileSync(file, 'y');
    const fd = fs.openSync(file, 'a');
    fs.writeSync(fd, 'z');
    fs.closeSync(fd);
    await fs.promises.writeFile(file, 'x');
    await new Promise<void>((done) => fs.appendFile(file, 'y', () => done()));
    fs.renameSync(file, `${file}.1`);
    await fs.promises.rename(`${file}.1`, file);
    fs.unlinkSync(file);
    fs.mkdirSync(join(folder, 'd'));
    fs.rmdirSync(join(folder, 'd'));
    fs.mkdirSync(join(folder, 'e'));
    await fs.promises.rm(join(folder, 'e'), { recursive: true });
  });
  assert.deepEqual(seen.map(brief), [
    'fs.open fs.writeFileSync',
    'fs.write fs.writeFileSync',
    'fs.open fs.appendFileSync',
    'fs.write fs.appendFileSync',
    'fs.open fs.openSync',
    'fs.write fs.writeSync',
    'fs.open fs.promises.writeFile',
    'fs.write fs.promises.writeFile',
    'fs.open fs.appendFile',
    'fs.write fs.appendFile',
    'fs.rename fs.renameSync',
    'fs.rename fs.promises.rename',
    'fs.unlink fs.unlinkSync',
    'fs.rm fs.rmdirSync',
    'fs.rm fs.promises.rm',
  ]);
  assert.deepEqual((seen[10] as AuditEvent).args, {
    path: file,
    newPath: `${file}.1`,
    api: 'fs.renameSync',
  });
  assert.equal((seen[5] as AuditEvent & { event: 'fs.write' }).args.path, undefined);
  assert.equal(typeof (seen[5] as AuditEvent & { event: 'fs.write' }).args.fd, 'number');
  assert.equal((seen[14] as AuditEvent & { event: 'fs.rm' }).args.recursive, true);
});

test('installed only while someone listens, and put back exactly', () => {
  const { readFileSync: original, promises } = fs;
  const originalOpen = promises.open;
  const unhook = audit.on('fs.open', () => {});
  assert.notEqual(fs.readFileSync, original);
  const second = audit.on('*', () => {});
  unhook();
  assert.notEqual(fs.readFileSync, original);
  second();
  assert.equal(fs.readFileSync, original);
  assert.equal(fs.promises.open, originalOpen);
  assert.equal(readFileSync, original);
});

test('a listener that throws is a HooklineWarning and the operation goes on; its own operations are no events', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  let count = 0;
  unhooks.push(
    audit.on('fs.write', (e) => {
      count++;
      fs.appendFileSync(join(folder, 'log.txt'), `${e.args.path}\n`);
      throw new Error('listener broke');
    }),
  );
  fs.writeFileSync(file, 'still written');
  await new Promise((done) => setImmediate(done));
  process.off('warning', onWarning);
  assert.equal(fs.readFileSync(file, 'utf8'), 'still written');
  assert.equal(count, 1);
  assert.equal(warnings[0]?.name, 'HooklineWarning');
  assert.match(
    warnings[0]?.message ?? '',
    /an audit listener threw on fs\.write; the operation goes on \(listener broke\)/,
  );
});

test('refuses an unknown event or a listener that is no function', () => {
  assert.throws(() => audit.on('fs.opne' as 'fs.open', () => {}), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message:
      /audit\.on\(event, listener\): Expected an event name .* but got the string "fs\.opne"/,
  });
  assert.throws(() => audit.on('fs.open', 42 as never), { code: 'ERR_HOOKLINE_NOT_A_FUNCTION' });
});
