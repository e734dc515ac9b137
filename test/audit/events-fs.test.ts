import assert from 'node:assert/strict';
import fs, { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  type AuditEvent,
  type AuditEventName,
  type AuditEventOf,
  type AuditListenerOptions,
  audit,
  type Unhook,
} from 'hookline/audit';
import { repoRoot, runNode } from '../helpers/run-node.js';

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
  options?: AuditListenerOptions,
): Promise<AuditEvent[]> {
  const seen: AuditEvent[] = [];
  for (const name of names) unhooks.push(audit.on(name, (e) => seen.push(e), options));
  await run();
  for (const unhook of unhooks) unhook();
  return seen;
}

const brief = (e: AuditEvent) => `${e.event} ${'api' in e.args ? e.args.api : ''}`;
const fsEvents: AuditEventName[] = ['fs.open', 'fs.write', 'fs.unlink', 'fs.rm', 'fs.rename'];

/** Opens {file} every way fs has to open by path, and once by descriptor. */
async function openEveryWay(): Promise<void> {
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
}
const opened = [
  'fs.open fs.openSync',
  'fs.open fs.open',
  'fs.open fs.promises.open',
  'fs.open fs.readFileSync',
  'fs.open fs.promises.readFile',
  'fs.open fs.readFile',
  'fs.open fs.createReadStream',
  'fs.open fs.createWriteStream',
  'fs.open fs.openSync',
];

/** Writes, appends, renames and removes every way, sync, callback and promise. */
async function changeEveryWay(): Promise<void> {
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
}
const changed = [
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
  'fs.write fs.mkdirSync',
  'fs.rm fs.rmdirSync',
  'fs.write fs.mkdirSync',
  'fs.rm fs.promises.rm',
];

test('fs.open: every way to open by path, once each, with flags, site and time', async () => {
  fs.writeFileSync(file, 'x');
  const before = Date.now();
  const seen = await eventsOf(['fs.open'], openEveryWay);
  assert.deepEqual(seen.map(brief), opened);
  const first = seen[0] as AuditEvent & { event: 'fs.open' };
  assert.equal(first.args.path, file);
  assert.equal(first.args.flags, 'r+');
  assert.equal((seen[7] as AuditEvent & { event: 'fs.open' }).args.flags, 'a');
  assert.match(first.site?.file ?? '', /events-fs\.test\.(?:ts|js)$/);
  assert.ok((first.site?.line ?? 0) > 0);
  assert.ok(first.time >= before - 1 && first.time <= Date.now() + 1);
});

test('fs.write, fs.unlink, fs.rm, fs.rename: sync, callback and promise forms', async () => {
  const seen = await eventsOf(fsEvents, changeEveryWay);
  assert.deepEqual(seen.map(brief), changed);
  assert.deepEqual((seen[10] as AuditEvent).args, {
    path: file,
    newPath: `${file}.1`,
    api: 'fs.renameSync',
  });
  assert.equal((seen[5] as AuditEvent & { event: 'fs.write' }).args.path, undefined);
  assert.equal(typeof (seen[5] as AuditEvent & { event: 'fs.write' }).args.fd, 'number');
  assert.equal((seen[16] as AuditEvent & { event: 'fs.rm' }).args.recursive, true);
});

test('fs.write: copies, links, folders made, and changes of length, mode, owner and times — by path and by descriptor', async () => {
  fs.writeFileSync(file, 'xyz');
  const at = (name: string) => join(folder, name);
  const { uid, gid } = fs.statSync(file);
  const seen = await eventsOf(fsEvents, async () => {
    fs.copyFileSync(file, at('copy'));
    await fs.promises.copyFile(file, at('copy2'));
    await new Promise<void>((done) => fs.copyFile(file, at('copy3'), () => done()));
    fs.cpSync(file, at('cp'));
    fs.linkSync(file, at('hard'));
    await fs.promises.symlink(file, at('soft'));
    fs.truncateSync(file, 1);
    fs.mkdirSync(at('made'));
    fs.mkdtempSync(at('tmp-'));
    fs.chmodSync(file, 0o644);
    await fs.promises.chown(file, uid, gid);
    fs.utimesSync(file, new Date(), new Date());
    fs.lutimesSync(at('soft'), new Date(), new Date());
    const fd = fs.openSync(file, 'r+');
    fs.ftruncateSync(fd, 0);
    fs.fchmodSync(fd, 0o644);
    fs.futimesSync(fd, new Date(), new Date());
    fs.closeSync(fd);
  });
  assert.deepEqual(
    seen.map((e) => {
      const args = e.args as { api: string; path?: string; fd?: number; flags?: string };
      const where = args.path === undefined ? `fd` : args.path.replace(`${folder}/`, '');
      return `${e.event} ${args.api} ${where}${args.flags ? ` ${args.flags}` : ''}`;
    }),
    [
      // A copy opens its source to read and writes its destination.
      'fs.open fs.copyFileSync a.txt r',
      'fs.write fs.copyFileSync copy',
      'fs.open fs.promises.copyFile a.txt r',
      'fs.write fs.promises.copyFile copy2',
      'fs.open fs.copyFile a.txt r',
      'fs.write fs.copyFile copy3',
      'fs.open fs.cpSync a.txt r',
      'fs.write fs.cpSync cp',
      'fs.write fs.linkSync hard',
      'fs.write fs.promises.symlink soft',
      'fs.write fs.truncateSync a.txt',
      'fs.write fs.mkdirSync made',
      'fs.write fs.mkdtempSync tmp-',
      'fs.write fs.chmodSync a.txt',
      'fs.write fs.promises.chown a.txt',
      'fs.write fs.utimesSync a.txt',
      'fs.write fs.lutimesSync soft',
      'fs.open fs.openSync a.txt r+',
      'fs.write fs.ftruncateSync fd',
      'fs.write fs.fchmodSync fd',
      'fs.write fs.futimesSync fd',
    ],
  );
});

test("fs.cp of a tree is one event of each kind, with or without sites: the mkdir, copyFile and chmod Node's cp makes with fs.promises after it returned are the cp's, not the program's", async () => {
  const tree = join(folder, 'tree');
  fs.mkdirSync(join(tree, 'sub'), { recursive: true });
  fs.writeFileSync(join(tree, 'sub', 'b.txt'), 'b');
  const copies = ['promise', 'callback', 'promise, no sites', 'callback, no sites'];
  for (const [index, how] of copies.entries()) {
    const copy = join(folder, `copy-${index}`);
    const seen = await eventsOf(
      fsEvents,
      () =>
        how.startsWith('promise')
          ? fs.promises.cp(tree, copy, { recursive: true })
          : new Promise((done) => fs.cp(tree, copy, { recursive: true }, done)),
      how.endsWith('no sites') ? { site: false } : undefined,
    );
    const api = how.startsWith('promise') ? 'fs.promises.cp' : 'fs.cp';
    assert.deepEqual(seen.map(brief), [`fs.open ${api}`, `fs.write ${api}`], how);
    assert.equal(readFileSync(join(copy, 'sub', 'b.txt'), 'utf8'), 'b', how);
  }
  // The program's own calls of the same functions, after the copies, are still its events.
  const seen = await eventsOf(fsEvents, () => fs.promises.mkdir(join(folder, 'own')), {
    site: false,
  });
  assert.deepEqual(seen.map(brief), ['fs.write fs.promises.mkdir']);
});

test('site: false: the same events, once each; the Sync and promise forms without a site, the others with theirs', async () => {
  fs.writeFileSync(file, 'x');
  const seen = [
    ...(await eventsOf(['fs.open'], openEveryWay, { site: false })),
    ...(await eventsOf(fsEvents, changeEveryWay, { site: false })),
  ];
  // Node's own calls (a stream opening its file) are still no events of their own.
  assert.deepEqual(seen.map(brief), [...opened, ...changed]);
  for (const event of seen) {
    const api = 'api' in event.args ? event.args.api : '';
    if (api.endsWith('Sync') || api.startsWith('fs.promises.')) {
      assert.equal(event.site, undefined, api);
    } else assert.match(event.site?.file ?? '', /events-fs\.test\.(?:ts|js)$/, api);
  }
});

test("Node's loading of modules is no fs event (it is module.import's), with or without sites; the program's reads of such files are", async () => {
  const required = join(folder, 'required.cjs');
  const data = join(folder, 'data.json');
  const imported = join(folder, 'imported.mjs');
  fs.writeFileSync(required, 'module.exports = 1;');
  fs.writeFileSync(data, '{ "a": 1 }');
  fs.writeFileSync(imported, 'export default 2;');
  const require = createRequire(import.meta.url);
  for (const options of [undefined, { site: false }]) {
    const seen = await eventsOf(
      ['fs.open'],
      async () => {
        // Each load is a new module (a query makes the import one), read as Node loads it.
        delete require.cache[required];
        delete require.cache[data];
        assert.equal(require(required), 1);
        assert.deepEqual(require(data), { a: 1 });
        assert.equal(
          (await import(`${pathToFileURL(imported).href}?${String(options)}`)).default,
          2,
        );
        fs.readFileSync(data, 'utf8');
        await fs.promises.readFile(pathToFileURL(imported));
      },
      options,
    );
    assert.deepEqual(
      seen.map((e) => (e.event === 'fs.open' ? `${e.args.api} ${e.args.path}` : '')),
      [`fs.readFileSync ${data}`, `fs.promises.readFile ${imported}`],
      options ? 'site: false' : 'with sites',
    );
  }
});

test("a site's function: <module> at a module's top level (ES module or CommonJS), the name in a named function, <anonymous> in a nameless one", () => {
  for (const fixture of ['sites.cjs', 'sites.mjs']) {
    const result = runNode([join(repoRoot, 'test', 'fixtures', 'audit', fixture)]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      result.stdout.trim().split('\n'),
      ['<module>', 'named', '<anonymous>'],
      fixture,
    );
  }
});

test('site: false beside a listener that reads sites: both get the site', () => {
  let without: AuditEventOf<'fs.unlink'> | undefined;
  let withSites: AuditEventOf<'fs.unlink'> | undefined;
  const unhookWithout = audit.on('fs.unlink', (e) => (without = e), { site: false });
  const unhookWith = audit.on('fs.unlink', (e) => (withSites = e));
  unhooks.push(unhookWithout, unhookWith);
  fs.writeFileSync(file, 'x');
  fs.unlinkSync(file);
  assert.match(withSites?.site?.file ?? '', /events-fs\.test\.(?:ts|js)$/);
  assert.equal(without?.site, withSites?.site);
  // Once the listener that read sites is gone, the stack is not read.
  unhookWith();
  fs.writeFileSync(file, 'x');
  fs.unlinkSync(file);
  assert.equal(without?.site, undefined);
  assert.equal(without?.args.path, file);
});

test("console output to a file is no fs.write (process.stdout writes it with fs.writeSync); the program's own writeSync to it is", () => {
  const program = join(repoRoot, 'test', 'fixtures', 'audit', 'output-to-file.mjs');
  for (const mode of ['sites', 'no-sites', 'deny']) {
    const out = join(folder, `${mode}.out`);
    const err = join(folder, `${mode}.err`);
    const stdout = fs.openSync(out, 'w');
    const stderr = fs.openSync(err, 'w');
    const result = runNode([program, mode], { stdio: ['ignore', stdout, stderr] });
    fs.closeSync(stdout);
    fs.closeSync(stderr);
    assert.equal(result.status, 0, mode);
    const seen = mode === 'deny' ? 'ERR_HOOKLINE_AUDIT_DENIED' : 'fs.writeSync 1';
    const written = mode === 'deny' ? '' : 'fs.writeSync\n';
    assert.equal(
      readFileSync(out, 'utf8'),
      `console.log\nprocess.stdout.write\n${written}seen: ${seen}\n`,
      mode,
    );
    assert.equal(readFileSync(err, 'utf8'), 'console.error\n', mode);
  }
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

test('an async listener or policy log that rejects is a HooklineWarning, as a throw is: the operation goes on and the program runs on', () => {
  const program = `
    import fs from 'node:fs';
    import { audit } from 'hookline/audit';
    audit.on('fs.open', async (e) => { throw new Error('could not ship ' + e.args.path); });
    audit.policy({
      rules: [{ event: 'fs.open', action: 'log' }],
      log: async () => { throw new Error('log store down'); },
    });
    const text = fs.readFileSync(${JSON.stringify(file)}, 'utf8');
    setImmediate(() => console.log('still running after reading', text));
  `;
  fs.writeFileSync(file, 'kept');
  const result = runNode(['--input-type=module', '-e', program]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'still running after reading kept\n');
  assert.match(
    result.stderr,
    /HooklineWarning: an async audit listener rejected on fs\.open; the operation went on \(the audit does not wait for a listener's promise\) \(could not ship .*a\.txt\)/,
  );
  assert.match(
    result.stderr,
    /HooklineWarning: audit: the policy's log rejected; the events it was given may be lost \(log store down\)/,
  );
});

test('refuses an unknown event (naming the one meant), a listener that is no function, an unknown option or a site option that is no boolean', () => {
  assert.throws(() => audit.on('fs.open', () => {}, { site: 'no' as never }), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message:
      /audit\.on\("fs\.open", listener, \{ site \}\): Expected true, false or nothing but got the string "no"/,
  });
  assert.throws(() => audit.on('fs.open', () => {}, null as never), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message: /Expected an options object \(site, eval\) or nothing but got null/,
  });
  // A misspelt option would be skipped: the listener would go on reading the stack.
  assert.throws(() => audit.on('fs.open', () => {}, { sites: false } as never), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message:
      /^audit\.on\("fs\.open", listener, options\): Expected only the options site, eval but got the unknown option "sites"\. Did you mean "site"\?/,
  });
  assert.equal(fs.readFileSync, readFileSync, 'nothing was installed');
  assert.throws(() => audit.on('fs.opne' as 'fs.open', () => {}), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message:
      /audit\.on\(event, listener\): Expected an event name .* but got the string "fs\.opne"\. Did you mean "fs\.open"\?/,
  });
  assert.throws(() => audit.on('fs.open', 42 as never), { code: 'ERR_HOOKLINE_NOT_A_FUNCTION' });
});
