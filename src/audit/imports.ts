import { fileURLToPath } from 'node:url';
import { auditImports } from '../modules/index.js';
import { report } from './sinks.js';
import { siteOf } from './site.js';

/** A site, or none where the stack says the import is hookline's own. */
function orNone<T>(site: T | null): T | undefined {
  return site ?? undefined;
}

/**
 * Bridges auditImports into `module.import` events. A static import has no program frame on the
 * stack: its site is the importing file, at no line.
 */
export function installImportEvents(): () => void {
  const unhook = auditImports(function toAudit({ specifier, resolved, importer, kind }) {
    const site =
      importer === undefined
        ? undefined
        : {
            file: importer.startsWith('file:') ? fileURLToPath(importer) : importer,
            line: 0,
            column: 0,
            function: '<module>',
          };
    report(
      'module.import',
      { specifier, resolved, importer, kind },
      site ?? orNone(siteOf(toAudit)),
    );
  });
  return () => unhook();
}
