import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import crypto from 'node:crypto';
import dns from 'node:dns';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { type AuditEvent, type AuditEventName, audit } from 'hookline/audit';
import { onException } from 'hookline/trace';
import { repoRoot, runNode } from '../helpers/run-node.js';

/** The events of `names` that `run` causes. */
async function eventsOf(
  names: readonly AuditEventName[],
  run: () => unknown,
): Promise<AuditEvent[]> {
  const seen: AuditEvent[] = [];
  const unhooks = names.map((name) => audit.on(name, (e) => seen.push(e)));
  try {
    await run();
  } finally {
    for (const unhook of unhooks) unhook();
  }
  return seen;
}

const brief = (e: AuditEvent) => `${e.event} ${'api' in e.args ? e.args.api : ''}`;
const network: AuditEventName[] = ['net.connect', 'dns.lookup', 'http.request'];

test('child_process.spawn: every form, once (exec is not also a spawn), with command and arguments', async () => {
  const seen = await eventsOf(['child_process.spawn'], async () => {
    childProcess.spawnSync(process.execPath, ['-e', '0']);
    childProcess.execFileSync(process.execPath, ['-e', '0']);
    childProcess.execSync(`"${process.execPath}" -e 0`);
    await new Promise((done) => childProcess.exec(`"${process.execPath}" -e 0`, done));
    await new Promise((done) =>
      childProcess.spawn(process.execPath, ['-e', '0']).on('close', done),
    );
  });
  assert.deepEqual(seen.map(brief), [
    'child_process.spawn child_process.spawnSync',
    'child_process.spawn child_process.execFileSync',
    'child_process.spawn child_process.execSync',
    'child_process.spawn child_process.exec',
    'child_process.spawn child_process.spawn',
  ]);
  assert.deepEqual(seen[0]?.args, {
    command: process.execPath,
    args: ['-e', '0'],
    api: 'child_process.spawnSync',
  });
  assert.match(seen[0]?.site?.file ?? '', /events-other\.test\.(?:ts|js)$/);
});

test("child_process.spawn of util.promisify(exec) and promisify(execFile): one event each, at the program's line, with Node's promise forms' results", async () => {
  let execAsync: typeof childProcess.exec.__promisify__ | undefined;
  let running: ReturnType<typeof childProcess.exec.__promisify__> | undefined;
  const seen = await eventsOf(['child_process.spawn'], async () => {
    execAsync = promisify(childProcess.exec);
    running = execAsync(`"${process.execPath}" -e "process.stdout.write('out')"`);
    await running;
    await promisify(childProcess.execFile)(process.execPath, ['-e', '0']);
  });
  assert.deepEqual(seen.map(brief), [
    'child_process.spawn child_process.exec',
    'child_process.spawn child_process.execFile',
  ]);
  assert.deepEqual(seen[1]?.args, {
    command: process.execPath,
    args: ['-e', '0'],
    api: 'child_process.execFile',
  });
  assert.match(seen[0]?.site?.file ?? '', /events-other\.test\.(?:ts|js)$/);
  // Node's form of exec: { stdout, stderr }, and the child on the promise.
  assert.deepEqual(await running, { stdout: 'out', stderr: '' });
  assert.equal(typeof running?.child.pid, 'number');
  // A form taken while the audit was on, called after it: nothing is reported, the call goes on.
  const after = await eventsOf(['dns.lookup'], () => execAsync?.(`"${process.execPath}" -e 0`));
  assert.deepEqual(after, []);
});

test('net.connect, dns.lookup, http.request and fetch: one event each, not the connections Node makes for them', async () => {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  try {
    const seen = await eventsOf(network, async () => {
      await new Promise<void>((done) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(done));
      });
      await new Promise<void>((done) => {
        const socket = new net.Socket();
        socket.connect({ port, host: '127.0.0.1' }, () => socket.end(done));
      });
      await dns.promises.lookup('localhost');
      await new Promise((done) => dns.lookup('localhost', done));
      await new Promise((done) =>
        http.get(`http://127.0.0.1:${port}/a`, (res) => res.resume().on('end', done)),
      );
      await new Promise((done) =>
        http
          .request({ host: '127.0.0.1', port, path: '/b', method: 'post' }, (res) =>
            res.resume().on('end', done),
          )
          .end(),
      );
      await (await fetch(`http://127.0.0.1:${port}/c`, { method: 'PUT' })).text();
    });
    assert.deepEqual(seen.map(brief), [
      'net.connect net.connect',
      'net.connect net.Socket#connect',
      'dns.lookup dns.promises.lookup',
      'dns.lookup dns.lookup',
      'http.request http.get',
      'http.request http.request',
      'http.request fetch',
    ]);
    assert.deepEqual(seen[0]?.args, {
      host: '127.0.0.1',
      port,
      path: undefined,
      api: 'net.connect',
    });
    assert.deepEqual(seen[2]?.args, { hostname: 'localhost', api: 'dns.promises.lookup' });
    assert.deepEqual(seen[5]?.args, {
      url: `http://127.0.0.1:${port}/b`,
      method: 'POST',
      api: 'http.request',
    });
    assert.deepEqual(seen[6]?.args, {
      url: `http://127.0.0.1:${port}/c`,
      method: 'PUT',
      api: 'fetch',
    });
  } finally {
    server.close();
  }
});

test('http.request: an IPv6 host is written in brackets, as in any URL', async () => {
  const seen = await eventsOf(['http.request'], () => {
    // Destroyed before it connects: the event is the call's.
    for (const request of [
      http.request({ host: '::1', port: 9, path: '/a' }),
      http.request('http://[::1]:9/x', { path: '/b' }),
      http.request({ hostname: '[::1]', path: '/c' }),
    ]) {
      request.on('error', () => {}).destroy();
    }
  });
  assert.deepEqual(
    seen.map((e) => (e.event === 'http.request' ? e.args.url : '')),
    ['http://[::1]:9/a', 'http://[::1]:9/b', 'http://[::1]/c'],
  );
});

test('crypto.hash: the algorithm of createHash, createHmac and crypto.hash', async () => {
  const seen = await eventsOf(['crypto.hash'], () => {
    crypto.createHash('SHA256');
    crypto.createHmac('sha1', 'key');
    if (typeof crypto.hash === 'function') crypto.hash('md5', 'x');
  });
  const expected = ['sha256 crypto.createHash', 'sha1 crypto.createHmac'];
  if (typeof crypto.hash === 'function') expected.push('md5 crypto.hash');
  assert.deepEqual(
    seen.map((e) => (e.event === 'crypto.hash' ? `${e.args.algorithm} ${e.args.api}` : '')),
    expected,
  );
});

test("crypto.hash: the digest of a key derived (pbkdf2, hkdf), a signature made or checked, and WebCrypto's digest, at the program's line", async () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const data = Buffer.from('x');
  const seen = await eventsOf(['crypto.hash'], async () => {
    crypto.pbkdf2Sync('password', 'salt', 1, 32, 'SHA-256');
    await new Promise((done) => crypto.pbkdf2('password', 'salt', 1, 32, 'sha512', done));
    crypto.hkdfSync('sha384', 'key', 'salt', 'info', 16);
    await new Promise((done) => crypto.hkdf('sha256', 'key', 'salt', 'info', 16, done));
    const signature = crypto.createSign('SHA256').update(data).sign(privateKey);
    crypto.createVerify('sha256').update(data).verify(publicKey, signature);
    crypto.verify('sha512', data, publicKey, crypto.sign('sha512', data, privateKey));
    await crypto.webcrypto.subtle.digest('SHA-256', data);
    await crypto.webcrypto.subtle.digest({ name: 'SHA-384' }, data);
  });
  assert.deepEqual(
    seen.map((e) => (e.event === 'crypto.hash' ? `${e.args.algorithm} ${e.args.api}` : '')),
    [
      'sha-256 crypto.pbkdf2Sync',
      'sha512 crypto.pbkdf2',
      'sha384 crypto.hkdfSync',
      'sha256 crypto.hkdf',
      'sha256 crypto.createSign',
      'sha256 crypto.createVerify',
      'sha512 crypto.sign',
      'sha512 crypto.verify',
      'sha-256 crypto.subtle.digest',
      'sha-384 crypto.subtle.digest',
    ],
  );
  assert.ok(seen.every((e) => /events-other\.test\.(?:ts|js)$/.test(e.site?.file ?? '')));
  // A signature whose digest the key decides (Ed25519's) names none: no event.
  const ed = crypto.generateKeyPairSync('ed25519');
  const none = await eventsOf(['crypto.hash'], () => crypto.sign(null, data, ed.privateKey));
  assert.deepEqual(none, []);
});

test('code.eval: vm compiles, eval, and Function and its kin, with the code and file name', async () => {
  const seen = await eventsOf(['code.eval'], () => {
    vm.runInThisContext('1 + 1', { filename: 'one.js' });
    new vm.Script('2 + 2').runInNewContext();
    vm.runInNewContext('3 + 3', {}, 'three.js');
    vm.compileFunction('return 4');
    // biome-ignore lint/security/noGlobalEval: what the audit sees as V8 compiles it
    eval('5 + 5');
    assert.equal(new Function('a', 'return a + 6')(0), 6);
    // biome-ignore lint/complexity/useArrowFunction: a function's constructor is Function
    (function () {}).constructor('return 7');
    Object.getPrototypeOf(async () => {}).constructor('await 8');
    Object.getPrototypeOf(function* () {}).constructor('yield 9');
  });
  assert.deepEqual(
    seen.map((e) =>
      e.event === 'code.eval' ? [e.args.kind, e.args.api, e.args.code, e.args.filename] : [],
    ),
    [
      ['vm', 'vm.runInThisContext', '1 + 1', 'one.js'],
      ['vm', 'new vm.Script', '2 + 2', undefined],
      ['vm', 'vm.runInNewContext', '3 + 3', 'three.js'],
      ['vm', 'vm.compileFunction', 'return 4', undefined],
      ['eval', 'eval', '5 + 5', undefined],
      ['function', 'Function', 'return a + 6', undefined],
      ['function', 'Function', 'return 7', undefined],
      ['function', 'AsyncFunction', 'await 8', undefined],
      ['function', 'GeneratorFunction', 'yield 9', undefined],
    ],
  );
  assert.match(seen[4]?.site?.file ?? '', /events-other\.test\.(?:ts|js)$/);
  assert.match(seen[5]?.site?.file ?? '', /events-other\.test\.(?:ts|js)$/);
});

test('code.eval of vm.SourceTextModule (--experimental-vm-modules): reported with its code and identifier, and deniable; the module still links and runs', () => {
  const program = `
    import vm from 'node:vm';
    import { audit } from 'hookline/audit';
    audit.on('code.eval', (e) => console.log(e.args.api, e.args.filename, e.args.code, e.site?.line), { eval: false });
    const module = new vm.SourceTextModule('export const two = 1 + 1;', { identifier: 'made.mjs' });
    await module.link(() => {});
    await module.evaluate();
    console.log(module.namespace.two, module instanceof vm.SourceTextModule);
    audit.policy({ rules: [{ event: 'code.eval', action: 'deny' }], eval: false });
    try {
      new vm.SourceTextModule('export default 1;');
    } catch (error) {
      console.log(error.code);
    }
  `;
  const result = runNode([
    '--experimental-vm-modules',
    '--no-warnings',
    '--input-type=module',
    '-e',
    program,
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(result.stdout.trim().split('\n'), [
    'new vm.SourceTextModule made.mjs export const two = 1 + 1; 5',
    '2 true',
    'new vm.SourceTextModule undefined export default 1; 11',
    'ERR_HOOKLINE_AUDIT_DENIED',
  ]);
});

test('code.eval of a module made of a string (Module.prototype._compile): reported and deniable; the modules Node loads from files are not', () => {
  const fixture = join(repoRoot, 'test', 'fixtures', 'audit', 'compiled-modules', 'program.cjs');
  // The site of both: the fixture's line that calls _compile.
  const line =
    readFileSync(fixture, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('._compile(')) + 1;
  const made = `module Module.prototype._compile /virtual/made.js "module.exports = require('node:crypto').createHash('sha256').update('x').digest('hex').length" at program.cjs:${line}`;
  const expected = [
    'required: from a file',
    'imported: from a file',
    'made: 64',
    'denied: ERR_HOOKLINE_AUDIT_DENIED',
    // The denied module's body never ran.
    'ran: false',
    `event: ${made}`,
    // What the module's body does is the program's, reported as any call of it.
    'event: crypto.hash sha256',
    `event: module Module.prototype._compile /virtual/denied.js "globalThis.ran = true" at program.cjs:${line}`,
  ];
  // The audit's wrapper above hookline's CommonJS wrappers, below them (a module hook added
  // later), and under hookline/register, which put them in place first.
  for (const args of [[fixture], [fixture, 'later'], ['--import', 'hookline/register', fixture]]) {
    const result = runNode(args);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), expected, args.join(' '));
  }
});

test('code.eval of eval: direct and indirect, where the program calls it, before the code runs', async () => {
  let ran = '';
  const order: string[] = [];
  const unhook = audit.on('code.eval', (e) => order.push(`reported ${e.args.code}`));
  const seen = await eventsOf(['code.eval'], () => {
    // biome-ignore lint/correctness/noUnusedVariables: read by the evaluated code
    const local = 'seen';
    // biome-ignore lint/security/noGlobalEval: a direct eval, which sees the caller's variables
    ran = eval('local');
    order.push('ran');
    // biome-ignore lint/security/noGlobalEval: an indirect eval, in the global scope
    // biome-ignore lint/complexity/noCommaOperator: what makes it indirect
    (0, eval)('1 + 2');
    // biome-ignore lint/security/noGlobalEval: an eval whose code evals
    const nested = () => eval('eval("3 + 4")');
    assert.equal(nested(), 7);
  });
  unhook();
  assert.equal(ran, 'seen');
  assert.deepEqual(order.slice(0, 2), ['reported local', 'ran']);
  assert.deepEqual(
    seen.map((e) => (e.event === 'code.eval' ? [e.args.kind, e.args.api, e.args.code] : [])),
    [
      ['eval', 'eval', 'local'],
      ['eval', 'eval', '1 + 2'],
      ['eval', 'eval', 'eval("3 + 4")'],
      ['eval', 'eval', '3 + 4'],
    ],
  );
  // The lines of the calls in this file (a nested eval's caller is the eval'd code, at its line 1).
  assert.ok(
    seen.slice(0, 3).every((e) => /events-other\.test\.(?:ts|js)$/.test(e.site?.file ?? '')),
  );
  const [first = 0, second = 0, third = 0] = seen.map((e) => e.site?.line ?? 0);
  assert.ok(first < second && second < third, String([first, second, third]));
});

test('code.eval of eval: code that names itself (//# sourceURL=) is seen too, its name as filename', async () => {
  const seen = await eventsOf(['code.eval'], () => {
    // biome-ignore lint/security/noGlobalEval: an eval whose code names itself
    eval('1 //# sourceURL=named.js');
  });
  assert.deepEqual(
    seen.map((e) => (e.event === 'code.eval' ? [e.args.kind, e.args.filename] : [])),
    [['eval', 'named.js']],
  );
});

test('code.eval of eval: a listener or policy that undoes itself as it handles an eval, and one that listens anew then, leave the program running', () => {
  const seen: string[] = [];
  let unhook = audit.on('code.eval', (e) => {
    seen.push(`first ${e.args.code}`);
    unhook();
    unhook = audit.on('code.eval', (again) => seen.push(`second ${again.args.code}`));
  });
  // biome-ignore lint/security/noGlobalEval: the listener undoes itself while V8 compiles this
  assert.equal(eval('1 + 1'), 2);
  // biome-ignore lint/security/noGlobalEval: the listener added meanwhile sees this one
  assert.equal(eval('2 + 2'), 4);
  unhook();
  const undo = audit.policy({
    rules: [{ event: 'code.eval', action: 'log' }],
    log: (line) => {
      seen.push(`log ${JSON.parse(line).args.code}`);
      undo();
    },
  });
  // biome-ignore lint/security/noGlobalEval: the policy undoes itself while V8 compiles this
  assert.equal(eval('3 + 3'), 6);
  // biome-ignore lint/security/noGlobalEval: nobody listens any more
  assert.equal(eval('4 + 4'), 8);
  assert.deepEqual(seen, ['first 1 + 1', 'second 2 + 2', 'log 3 + 3']);
});

test("code.eval beside a logpoint: the logpoint's condition, which V8 compiles each time its line runs, is not reported", () => {
  const fixture = join(repoRoot, 'test', 'fixtures', 'audit', 'eval-beside-logpoint.mjs');
  const result = runNode([fixture]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '[1,2,"eval twice(3)",3]\n');
});

test('code.eval with { eval: false }: eval is not watched (vm and Function still are), unless another listener wants it; a bad value is refused', async () => {
  const without: string[] = [];
  const unhook = audit.on('code.eval', (e) => without.push(e.args.api), { eval: false });
  // biome-ignore lint/security/noGlobalEval: not watched
  eval('1');
  new Function('return 2');
  // biome-ignore lint/security/noGlobalEval: watched for the listener that wants it
  const withEval = await eventsOf(['code.eval'], () => eval('3'));
  // biome-ignore lint/security/noGlobalEval: not watched again
  eval('4');
  unhook();
  assert.deepEqual(without, ['Function', 'eval']);
  assert.deepEqual(
    withEval.map((e) => (e.event === 'code.eval' ? e.args.code : '')),
    ['3'],
  );
  assert.throws(() => audit.on('code.eval', () => {}, { eval: 'no' as never }), {
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message:
      /^audit\.on\("code\.eval", listener, \{ eval \}\): Expected true, false or nothing but got the string "no"/,
  });
});

test("code.eval: a class that extended Function before the audit began is seen as V8 compiles it; a debugger's evaluations are not", async () => {
  class Early extends Function {}
  const seen = await eventsOf(['code.eval'], async () => {
    assert.equal(new Early('return 9')(), 9);
    // onException's worker evaluates its own code in the paused program at each throw.
    const unwatch = onException(() => {}, { caught: true });
    try {
      throw new Error('caught');
    } catch {}
    unwatch();
  });
  assert.deepEqual(
    seen.map((e) => (e.event === 'code.eval' ? [e.args.kind, e.args.api, e.args.code] : [])),
    [['function', 'Function', 'return 9']],
  );
});

test('while new Function is watched, functions are what they were: instanceof, constructor, native code; put back exactly', () => {
  const made = () => 1;
  const { Function: original } = globalThis;
  const unhook = audit.on('code.eval', () => {});
  try {
    assert.notEqual(globalThis.Function, original);
    assert.ok(made instanceof Function);
    assert.ok(new Function('return 1') instanceof original);
    assert.equal(made.constructor, Function);
    assert.equal(Function.prototype, original.prototype);
    assert.equal(Function.name, 'Function');
    assert.match(String(Function), /\[native code\]/);
    class Compiled extends Function {}
    assert.equal(new Compiled('return 2')(), 2);
  } finally {
    unhook();
  }
  assert.equal(globalThis.Function, original);
  assert.equal(made.constructor, original);
  assert.equal(Object.getPrototypeOf(async () => {}).constructor.name, 'AsyncFunction');
  assert.equal(String(Function), 'function Function() { [native code] }');
});

test('worker.start: a worker of a file or of code; the Worker class still constructs', async () => {
  const seen = await eventsOf(['worker.start'], async () => {
    const worker = new Worker('require("node:worker_threads").parentPort.postMessage(1)', {
      eval: true,
    });
    assert.ok(worker instanceof Worker);
    await new Promise((done) => worker.once('message', done));
    await worker.terminate();
  });
  assert.equal(seen.length, 1);
  assert.equal(brief(seen[0] as AuditEvent), 'worker.start new worker_threads.Worker');
  assert.equal((seen[0] as AuditEvent & { event: 'worker.start' }).args.eval, true);
});

test("what code vm runs does is the program's own: reported, unlike what an audited call does on its own", async () => {
  const seen = await eventsOf(['code.eval', 'crypto.hash'], () => {
    vm.runInThisContext("process.getBuiltinModule('node:crypto').createHash('sha384')");
  });
  assert.deepEqual(seen.map(brief), [
    'code.eval vm.runInThisContext',
    'crypto.hash crypto.createHash',
  ]);
});
