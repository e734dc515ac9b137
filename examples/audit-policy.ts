// The talk's audit-hook example: detect a weak hash (md5) and the removal of a file from a
// system folder, and stop both before they happen, with one policy of built-in rule sets; and
// keep the program from loading child_process. A log rule writes every hash as a JSON line; the
// denied operations throw an AuditError.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AuditError, audit, systemWrites, weakCrypto } from 'hookline/audit';

const require = createRequire(import.meta.url);
const unhook = audit.policy({
  rules: [
    ...weakCrypto,
    ...systemWrites,
    { event: 'module.import', match: /^(?:node:)?child_process$/, action: 'deny' },
    { event: 'crypto.hash', action: 'log' },
  ],
  log: (line) => {
    const { event, args } = JSON.parse(line) as { event: string; args: { algorithm: string } };
    console.log(`log: ${event} ${args.algorithm}`);
  },
});

function attempt(what: string, operation: () => unknown): void {
  try {
    operation();
    console.log(`${what}: done`);
  } catch (error) {
    if (!(error instanceof AuditError)) throw error;
    console.log(`${what}: denied (${error.code}) by the ${error.rule.event} rule`);
  }
}

attempt('sha256 of "hello"', () => createHash('sha256').update('hello').digest('hex'));
attempt('md5 of "hello"', () => createHash('md5').update('hello').digest('hex'));
attempt('remove /etc/hosts', () => rmSync('/etc/hosts'));
attempt('load child_process', () => require('node:child_process'));

unhook();
attempt('md5 once the policy is undone', () => createHash('md5').update('hello').digest('hex'));
