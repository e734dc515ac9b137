import {
  AuditError,
  type AuditEvent,
  type AuditRule,
  audit,
  riskyModules,
  systemWrites,
  type Unhook,
  weakCrypto,
} from 'hookline/audit';

const unhook: Unhook = audit.on('fs.open', (e) => {
  const path: string = e.args.path;
  const flags: string | number = e.args.flags;
  const line: number | undefined = e.site?.line;
  console.log(path, flags, line, e.time);
});
unhook();
audit.on('*', (e: AuditEvent) => {
  if (e.event === 'crypto.hash') {
    const algorithm: string = e.args.algorithm;
    console.log(algorithm);
  }
});
{
  using _ = audit.policy({
    rules: [
      ...weakCrypto,
      ...systemWrites,
      ...riskyModules,
      { event: 'fs.unlink', match: /^\/var\//, action: 'deny' },
      { event: 'child_process.spawn', match: (args) => args.command === 'rm', action: 'warn' },
      { event: '*', action: 'log' },
    ],
    log: (line: string) => console.log(line),
  });
}
const rule: AuditRule = {
  event: 'http.request',
  match: (args) => args.url.startsWith('http:'),
  action: 'deny',
};
try {
  audit.policy({ rules: [rule] });
} catch (error) {
  if (error instanceof AuditError) {
    const code: 'ERR_HOOKLINE_AUDIT_DENIED' = error.code;
    console.log(code, error.event.event, error.rule.action);
  }
}
// @ts-expect-error: no such event
audit.on('fs.delete', () => undefined);
// @ts-expect-error: no such action
audit.policy({ rules: [{ event: 'fs.open', action: 'block' }] });
audit.policy({
  // @ts-expect-error: a match function gets the event's args
  rules: [{ event: 'dns.lookup', match: (args) => args.path === '', action: 'log' }],
});
// Listeners and policies that read no sites.
audit.on('fs.write', (e) => console.log(e.args.fd), { site: false });
audit.on('*', (e: AuditEvent) => console.log(e.event), { site: true });
audit.policy({ rules: systemWrites, site: false });
// @ts-expect-error: site is a boolean
audit.on('fs.write', () => undefined, { site: 'no' });
// code.eval without eval: neither listener nor policy makes compiling slower.
audit.on('code.eval', (e) => console.log(e.args.kind === 'eval'), { eval: false });
audit.policy({ rules: [{ event: 'code.eval', action: 'log' }], eval: false, site: false });
// @ts-expect-error: eval is a boolean
audit.on('code.eval', () => undefined, { eval: 'no' });
// A denied import: module.import takes deny as any event does.
audit.policy({ rules: [{ event: 'module.import', match: /^(?:node:)?vm$/, action: 'deny' }] });
