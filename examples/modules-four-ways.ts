/**
 * How many ways to import a library? (the talk's 2.1.2). Python has `import`, `__import__`,
 * `imp` and `importlib` — and its `__import__` hook misses `imp`. Node has four: static
 * `import`, `import()`, `require` (plain or through `createRequire`) and
 * `process.getBuiltinModule`; `auditImports` sees every one of them.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { auditImports } from 'hookline/modules';
import { fixtures } from './fixtures/modules/paths.js';

const seen: string[] = [];
const short = (path: string) => path.replace(/^.*\//, '');
const stop = auditImports((event) => {
  const by = event.importer ? short(event.importer) : '(entry)';
  seen.push(`${event.kind.padEnd(18)} ${short(event.specifier).padEnd(14)} asked by ${by}`);
});

// 1. static import — in a module of its own, since this file's imports ran before the audit
await import(pathToFileURL(join(fixtures, 'static-import.mjs')).href);
// 2. import()
await import(pathToFileURL(join(fixtures, 'load_me.mjs')).href);
// 3. require, here through createRequire (the way an ES module gets one)
createRequire(import.meta.url)(join(fixtures, 'load_me.cjs'));
// 4. process.getBuiltinModule (Node 20.16+): a builtin without any import statement
process.getBuiltinModule?.('node:os');
stop();

console.log('the audit saw:');
for (const line of seen) console.log(`  ${line}`);
