import { warn } from '../internal/warning.js';
import { registry } from './registry.js';
import type { ImportEvent, ImportKind } from './types.js';

/** Hands one import to every `auditImports` listener; a listener that throws is reported. */
export function emitImport(
  specifier: string,
  resolved: string,
  importer: string | undefined,
  kind: ImportKind,
  time = performance.timeOrigin + performance.now(),
): void {
  const event: ImportEvent = { specifier, resolved, importer, kind, time };
  for (const listener of registry.auditors) {
    try {
      listener(event);
    } catch (error) {
      warn(`an auditImports listener threw on "${specifier}"; the import goes on`, error);
    }
  }
}
