import type { AuditEvent } from './types.js';

/** The argument a rule's string or RegExp is tested against, by event. */
export function mainArgument(event: AuditEvent): string {
  switch (event.event) {
    case 'fs.open':
    case 'fs.unlink':
    case 'fs.rm':
    case 'fs.rename':
      return event.args.path;
    case 'fs.write':
      return event.args.path ?? String(event.args.fd);
    case 'child_process.spawn':
      return event.args.command;
    case 'net.connect':
      return event.args.host ?? event.args.path ?? '';
    case 'dns.lookup':
      return event.args.hostname;
    case 'http.request':
      return event.args.url;
    case 'crypto.hash':
      return event.args.algorithm;
    case 'module.import':
      return event.args.specifier;
    case 'code.eval':
      return event.args.code;
    case 'worker.start':
      return event.args.filename;
  }
}
