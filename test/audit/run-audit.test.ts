import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runNode } from '../helpers/run-node.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
const app = join(repoRoot, 'test', 'fixtures', 'audit', 'app.mjs');
const folder = mkdtempSync(join(tmpdir(), 'hookline-run-audit-'));
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));

test('hookline run --audit policy.json: the rule sets it uses deny, its log rules write JSON lines to stderr or its output file', () => {
  const policy = join(folder, 'policy.json');
  const output = join(folder, 'audit.jsonl');
  const written = join(folder, 'written.txt');
  writeFileSync(
    policy,
    JSON.stringify({
      use: ['systemWrites'],
      rules: [
        { event: 'crypto.hash', action: 'log' },
        { event: 'fs.write', match: { regexp: 'WRITTEN\\.txt$', flags: 'i' }, action: 'log' },
      ],
      output,
    }),
  );
  const result = runNode([cli, 'run', '--audit', policy, app, written]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'AuditError ERR_HOOKLINE_AUDIT_DENIED\n');
  assert.equal(readFileSync(written, 'utf8'), 'written');
  const lines = readFileSync(output, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    lines.map((e) => [
      e.event,
      e.args.algorithm ?? e.args.path,
      e.site.file.endsWith('app.mjs'),
      e.site.line,
    ]),
    [
      ['crypto.hash', 'sha256', true, 5],
      ['fs.write', written, true, 6],
    ],
  );

  writeFileSync(policy, JSON.stringify({ rules: [{ event: 'crypto.hash', action: 'log' }] }));
  const toStderr = runNode([cli, 'run', `--audit=${policy}`, app, written]);
  assert.equal(toStderr.status, 0, toStderr.stderr);
  assert.match(
    toStderr.stderr,
    /^\{"event":"crypto\.hash","args":\{"algorithm":"sha256","api":"crypto\.createHash"\},"site":\{"file":".*app\.mjs","line":5,/m,
  );
  assert.match(toStderr.stdout, /^Error (?:ENOENT|EACCES)\n$/);
});

test('hookline run --audit with "site": false: the lines of fs Sync calls have no site, the others keep theirs', () => {
  const policy = join(folder, 'no-sites.json');
  const output = join(folder, 'no-sites.jsonl');
  const written = join(folder, 'no-sites.txt');
  writeFileSync(
    policy,
    JSON.stringify({
      rules: [
        { event: 'crypto.hash', action: 'log' },
        { event: 'fs.write', action: 'log' },
      ],
      output,
      site: false,
    }),
  );
  const result = runNode([cli, 'run', '--audit', policy, app, written]);
  assert.equal(result.status, 0, result.stderr);
  const lines = readFileSync(output, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    lines.map((e) => [e.event, e.site?.line]),
    [
      ['crypto.hash', 5],
      ['fs.write', undefined],
    ],
  );
});

test('hookline run --audit: a denied spawn is denied to util.promisify(exec) as to exec, in a CommonJS or an ES module program', () => {
  const policy = join(folder, 'deny-spawn.json');
  writeFileSync(
    policy,
    JSON.stringify({ rules: [{ event: 'child_process.spawn', action: 'deny' }] }),
  );
  const made = join(folder, 'spawned.txt');
  const body = (load: string) => `${load}
const write = "require('fs').writeFileSync(" + JSON.stringify(${JSON.stringify(made)}) + ", 'ran')";
(async () => {
  for (const run of [
    () => promisify(exec)(JSON.stringify(process.execPath) + ' -e "' + write + '"'),
    () => promisify(execFile)(process.execPath, ['-e', write]),
  ]) {
    try {
      await run();
      console.log('ran');
    } catch (error) {
      console.log(error.code);
    }
  }
})();
`;
  const programs = {
    'promisified.cjs': body(
      "const { promisify } = require('node:util');\nconst { exec, execFile } = require('node:child_process');",
    ),
    'promisified.mjs': body(
      "import { promisify } from 'node:util';\nimport { exec, execFile } from 'node:child_process';",
    ),
  };
  for (const [name, source] of Object.entries(programs)) {
    const program = join(folder, name);
    writeFileSync(program, source);
    const result = runNode([cli, 'run', '--audit', policy, program]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'ERR_HOOKLINE_AUDIT_DENIED\nERR_HOOKLINE_AUDIT_DENIED\n', name);
  }
  assert.equal(existsSync(made), false);
});

test('hookline run --audit with a bad policy file stops before the program, naming the bad part', () => {
  const policy = join(folder, 'bad.json');
  writeFileSync(policy, JSON.stringify({ rules: [{ event: 'fs.delete', action: 'deny' }] }));
  const result = runNode([cli, 'run', '--audit', policy, app, join(folder, 'never.txt')]);
  assert.equal(result.status, 2);
  assert.match(
    result.stderr,
    /^hookline run: hookline run --audit .*bad\.json: "rules"\[0\]\.event: Expected an event name .* but got the string "fs\.delete"/,
  );
  writeFileSync(policy, JSON.stringify({ rules: [], site: 'no' }));
  const badSite = runNode([cli, 'run', '--audit', policy, app]);
  assert.equal(badSite.status, 2);
  assert.match(badSite.stderr, /bad\.json: "site": Expected true or false but got the string "no"/);
  writeFileSync(policy, JSON.stringify({ rules: [], eval: 0 }));
  const badEval = runNode([cli, 'run', '--audit', policy, app]);
  assert.equal(badEval.status, 2);
  assert.match(badEval.stderr, /bad\.json: "eval": Expected true or false but got number 0/);
  writeFileSync(policy, '{ not json');
  const notJson = runNode([cli, 'run', '--audit', policy, app]);
  assert.equal(notJson.status, 2);
  assert.match(
    notJson.stderr,
    /^hookline run: hookline run --audit .*bad\.json: Expected a readable JSON file but got /,
  );
});

test('hookline run --audit: an "output" that cannot be appended to (no such folder, a folder) stops before the program; one lost later is named in the warning', () => {
  const policy = join(folder, 'output.json');
  const never = join(folder, 'never.txt');
  for (const output of [join(folder, 'no-such-folder', 'audit.jsonl'), folder]) {
    writeFileSync(
      policy,
      JSON.stringify({ rules: [{ event: 'crypto.hash', action: 'log' }], output }),
    );
    const result = runNode([cli, 'run', '--audit', policy, app, never]);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.ok(
      result.stderr.startsWith(
        `hookline run: hookline run --audit ${policy}: "output": Expected a file the JSON lines can be appended to but got the string ${JSON.stringify(output)}. E`,
      ),
      result.stderr,
    );
    assert.match(result.stderr, /Name a file in a folder that exists/);
  }
  assert.equal(existsSync(never), false);
  // Its folder removed while the program runs: the warning names the file, not a log of the program's.
  const gone = mkdtempSync(join(folder, 'gone-'));
  const output = join(gone, 'audit.jsonl');
  writeFileSync(
    policy,
    JSON.stringify({ rules: [{ event: 'crypto.hash', action: 'log' }], output }),
  );
  const program = join(folder, 'removes-output.mjs');
  writeFileSync(
    program,
    `import { rmSync } from 'node:fs';\nimport { createHash } from 'node:crypto';\nrmSync(${JSON.stringify(gone)}, { recursive: true });\ncreateHash('sha256');\n`,
  );
  const result = runNode([cli, 'run', '--audit', policy, program]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(
    result.stderr,
    /HooklineWarning: audit: the policy file's "output" \(.*audit\.jsonl\) threw; the events it was given are lost \(ENOENT/,
  );
});

test('hookline run --audit refuses a policy file with a key it does not know (a misspelt "rules", a rule\'s "matches") or that is not an object, rather than run the program under less of the policy', () => {
  const policy = join(folder, 'misspelt.json');
  const refused = (content: unknown): string => {
    writeFileSync(policy, JSON.stringify(content));
    const result = runNode([cli, 'run', '--audit', policy, app, join(folder, 'never.txt')]);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    return result.stderr;
  };
  const where = `hookline run: hookline run --audit ${policy}`;
  assert.ok(
    refused({ rule: [{ event: 'fs.write', action: 'deny' }] }).startsWith(
      `${where}: Expected only the keys "use", "rules", "output", "site" and "eval" but got the unknown key "rule". Did you mean "rules"?`,
    ),
  );
  assert.ok(
    refused({
      rules: [
        { event: 'fs.write', action: 'log' },
        { event: 'fs.write', matches: '/etc/hosts', action: 'deny' },
      ],
    }).startsWith(
      `${where}: "rules"[1]: Expected only the keys "event", "match" and "action" but got the unknown key "matches". Did you mean "match"?`,
    ),
  );
  assert.ok(
    refused({
      rules: [{ event: 'fs.write', match: { regex: 'hosts$' }, action: 'deny' }],
    }).startsWith(
      `${where}: "rules"[0].match: Expected only the keys "regexp" and "flags" but got the unknown key "regex". Did you mean "regexp"?`,
    ),
  );
  assert.ok(
    refused({
      rules: [{ event: 'fs.write', match: { pattern: 'hosts$' }, action: 'deny' }],
    }).endsWith(
      'but got the unknown key "pattern". Write a regular expression as { "regexp": "^/etc/", "flags": "i" }, or a string to match the main argument exactly. Run `hookline run --help` for usage.\n',
    ),
  );
  for (const match of [{ regexp: '(' }, { regexp: 'hosts$', flags: 'zz' }]) {
    const message = refused({
      rules: [
        { event: 'fs.write', action: 'log' },
        { event: 'fs.write', match, action: 'deny' },
      ],
    });
    assert.ok(
      message.startsWith(
        `${where}: "rules"[1].match: Expected { "regexp": "…", "flags": "…" } with a valid regular expression but got `,
      ),
      message,
    );
    const why = (() => {
      try {
        return new RegExp(match.regexp, match.flags);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    assert.ok(message.includes(`${why}. Correct the expression or its flags`), message);
  }
  assert.ok(
    refused({ use: ['systemWrites'], rules: [{ event: 'fs.opne', action: 'log' }] }).startsWith(
      `${where}: "rules"[0].event: Expected `,
    ),
  );
  assert.ok(
    refused([{ event: 'fs.write', action: 'deny' }]).startsWith(
      `${where}: Expected an object such as { "use": ["weakCrypto"], "rules": [{ "event": "*", "action": "log" }] } but got [`,
    ),
  );
});

test('hookline run --audit: a policy file that denies an import stops the program as it links, before any of its modules runs', () => {
  const policy = join(folder, 'deny-import.json');
  writeFileSync(
    policy,
    JSON.stringify({
      rules: [{ event: 'module.import', match: { regexp: 'forbidden' }, action: 'deny' }],
    }),
  );
  const program = join(repoRoot, 'test', 'fixtures', 'audit', 'deny-imports', 'static.mjs');
  const result = runNode([cli, 'run', '--audit', policy, program]);
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.match(
    result.stderr,
    /AuditError\]?: module\.import "\.\/forbidden\.mjs" at .*static\.mjs:0: Expected an operation the audit policy allows but got one denied by rule \{ event: "module\.import", match: \/forbidden\/, action: "deny" \}/,
  );
});
