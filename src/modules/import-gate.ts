import type { ImportDenial } from './import-denial.js';
import { registry } from './registry.js';
import type { ImportEvent } from './types.js';

/** The audit's bridge listener, while a policy denies imports: its throw stops the import. */
export let stoppingListener: ((event: ImportEvent) => void) | undefined;

/** The deny rules for imports, for the loader thread. */
export let importDenials: readonly ImportDenial[] = [];

/**
 * Lets `listener` (an auditImports listener already) stop imports by throwing, while `denials`
 * is not empty; with none, its throws are reported as any listener's are.
 */
export function setImportGate(
  listener: (event: ImportEvent) => void,
  denials: readonly ImportDenial[],
): void {
  stoppingListener = denials.length > 0 ? listener : undefined;
  importDenials = denials;
  registry.changed();
}
