/**
 * Lazy import (the talk's use case 6.1): a module that costs start-up time is loaded only when
 * the program first uses it, not when it is named. Python does it with a module proxy;
 * `lazyImport` returns one.
 */
import { join } from 'node:path';
import { auditImports, lazyImport } from 'hookline/modules';
import { fixtures } from './fixtures/modules/paths.js';

using _audit = auditImports((event) =>
  console.log(`  (loading ${event.specifier.replace(/^.*\//, '')})`),
);
const heavy = lazyImport<{ urlopen(url: string): string }>('urllib2', {
  from: join(fixtures, 'import_hook_lib', 'x.js'),
});
console.log('named the module: nothing loaded yet');
console.log(`first use: ${typeof heavy.urlopen}`);
console.log(`second use: ${'urlopen' in heavy}`);
