import { fileURLToPath } from 'node:url';
import { auditImports, type ImportEvent } from '../modules/index.js';
import { report } from './sinks.js';
import { siteOf } from './site.js';

/** A site, or none where the stack says the import is hookline's own. */
function orNone<T>(site: T | null): T | undefined {
  return site ?? undefined;
}

/** The bridge's auditImports, while module.import is audited. */
let unhookImports: (() => void) | undefined;

/**
 * Bridges auditImports into `module.import` events. A static import has no program frame on the
 * stack: its site is the importing file, at no line.
 */
export function installImportEvents(): () => void {
  unhookImports = auditImports(toAudit);
  return () => {
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
