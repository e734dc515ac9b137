import { fileURLToPath } from 'node:url';
import type { ImportDenial } from '../modules/import-denial.js';
import { setImportGate } from '../modules/import-gate.js';
import { auditImports, type ImportEvent } from '../modules/index.js';
import { describeRule } from './policy.js';
import { report } from './sinks.js';
import { siteOf } from './site.js';
import type { AuditRule } from './types.js';

/** A site, or none where the stack says the import is hookline's own. */
function orNone<T>(site: T | null): T | undefined {
  return site ?? undefined;
}

/** The bridge's auditImports, while module.import is audited. */
let unhookImports: (() => void) | undefined;

/** The policies' rules that deny imports, in the form the modules part takes them. */
let denials: readonly ImportDenial[] = [];

/**
 * Takes the policies' rules that deny imports: while there are some, the bridge's throw (a
 * policy's AuditError) fails the import, where it fails any other listener's.
 */
export function setImportDenials(rules: readonly AuditRule[]): void {
  denials = rules.map(asImportDenial);
  if (unhookImports !== undefined) setImportGate(toAudit, denials);
}

function asImportDenial(rule: AuditRule): ImportDenial {
  const { match } = rule;
  const text = describeRule(rule);
  if (match === undefined)
    return { test: { kind: 'all' }, rule: { event: rule.event, action: 'deny' }, text };
  if (typeof match === 'function') {
    return { test: { kind: 'function' }, rule: { event: rule.event, action: 'deny' }, text };
  }
  const test =
    typeof match === 'string'
      ? ({ kind: 'string', value: match } as const)
      : ({ kind: 'regexp', source: match.source, flags: match.flags } as const);
  return { test, rule: { event: rule.event, match, action: 'deny' }, text };
}

/**
 * Bridges auditImports into `module.import` events. A static import has no program frame on the
 * stack: its site is the importing file, at no line.
 */
export function installImportEvents(): () => void {
  unhookImports = auditImports(toAudit);
  setImportGate(toAudit, denials);
  return () => {
    setImportGate(toAudit, []);
    unhookImports?.();
    unhookImports = undefined;
  };
}

/**
 * Delivers the import events still on their way (on Node 20, the loader thread posts them a turn
 * later): undoing auditImports delivers them, and the bridge listens again at once.
 */
export function deliverPendingImports(): void {
  if (unhookImports === undefined) return;
  unhookImports();
  unhookImports = auditImports(toAudit);
}

function toAudit({ specifier, resolved, importer, kind }: ImportEvent): void {
  const site =
    importer === undefined
      ? undefined
      : {
          file: importer.startsWith('file:') ? fileURLToPath(importer) : importer,
          line: 0,
          column: 0,
          function: '<module>',
        };
  report('module.import', { specifier, resolved, importer, kind }, site ?? orNone(siteOf(toAudit)));
}
