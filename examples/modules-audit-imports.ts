/**
 * Audit module importing — when, who and how (the talk's 2.1.3). Python wraps
 * `builtins.__import__`, which misses `imp`; in Node every way of loading goes through the
 * module loaders, and `auditImports` sees them all, also inside CommonJS code.
 */
import { basename, join } from 'node:path';
import { auditImports } from 'hookline/modules';
import { fixtures } from './fixtures/modules/paths.js';

const start = performance.timeOrigin + performance.now();
{
  using _audit = auditImports((event) => {
    const who = event.importer ? basename(event.importer) : '(entry)';
    const when = (event.time - start).toFixed(1);
    console.log(
      `** importing: ${basename(event.specifier)} — ${event.kind} by ${who}, +${when} ms`,
    );
  });
  await import(join(fixtures, 'file1.mjs'));
}
console.log('audit stopped: this import is not reported');
await import('node:zlib');
